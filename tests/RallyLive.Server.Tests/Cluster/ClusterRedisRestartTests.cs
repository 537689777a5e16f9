using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// Redis dies (SIGKILL) under a two-node cluster and comes back from its append-only file: the nodes reconnect on
/// their own, stay one cluster, and everything acknowledged before the restart is still there after it.
/// </summary>
public sealed class ClusterRedisRestartTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(nodes: 2);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task AfterARedisRestart_TheNodesCarryOn_AndEverythingAcknowledgedBeforeItIsThere()
    {
        var (a, b) = (_cluster.Nodes[0].BaseUrl, _cluster.Nodes[1].BaseUrl);
        using var httpA = new HttpClient { BaseAddress = new Uri(a) };
        using var httpB = new HttpClient { BaseAddress = new Uri(b) };
        var rally = await new ApiClient(httpA).CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(a, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var poll = await organiser.CreatePollAsync(new("Should smile equity be written into the charter?", ["Yes", "No"]));
        await organiser.OpenPollAsync(new(poll.PollId));
        var joined = await new ApiClient(httpB).JoinAsync(rally.RallyId, "stage", "North");
        await using var viewer = await ViewerHubClient.ConnectAsync(b, joined.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", "North"));
        await viewer.VoteAsync(new(poll.PollId, 1));
        var before = await viewer.SendChatAsync(new("stage", "the charter needs this clause"));

        await _cluster.Redis.KillAsync();
        await _cluster.Redis.RestartAsync();

        var after = await Retried.UntilAcknowledgedAsync(() => viewer.SendChatAsync(new("stage", "still here after the outage")), Patience);
        var tallies = (await Retried.UntilAcknowledgedAsync(() => organiser.GetPollAsync(new(poll.PollId)), Patience)).Tallies;
        var catchUp = await Retried.UntilAcknowledgedAsync(async () =>
        {
            await using var again = await ViewerHubClient.ConnectAsync(a, joined.ViewerToken);
            return await again.JoinStreamAsync(new("stage", "North"));
        }, Patience);

        Assert.Equal<int>([0, 1], tallies);
        Assert.Equal([before.Id, after.Id], catchUp.Stream.RecentChat.Select(m => m.Id));
        Assert.True((await httpA.GetAsync("/health")).IsSuccessStatusCode);
        Assert.True((await httpB.GetAsync("/health")).IsSuccessStatusCode);
    }
}
