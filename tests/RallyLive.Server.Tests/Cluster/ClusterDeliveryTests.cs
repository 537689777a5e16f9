using System.Collections.Immutable;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// Three nodes on one Redis: what grains do on one node reaches clients connected to the others, in the same order
/// with the same numbers, and a token minted by one node opens any other.
/// </summary>
public sealed class ClusterDeliveryTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(nodes: 3);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ViewersOnDifferentNodes_SeeTheSameChatReactionsAndPolls_InTheSameOrder_WithTheSameNumbers()
    {
        var (a, b, c) = (_cluster.Nodes[0].BaseUrl, _cluster.Nodes[1].BaseUrl, _cluster.Nodes[2].BaseUrl);
        using var httpA = new HttpClient { BaseAddress = new Uri(a) };
        using var httpB = new HttpClient { BaseAddress = new Uri(b) };
        var rally = await new ApiClient(httpA).CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(a, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var poll = await organiser.CreatePollAsync(new("Should smile equity be written into the charter?", ["Yes", "No"]));

        // Both viewers get their tokens from node B; one connects there, the other on node C.
        var api = new ApiClient(httpB);
        var (north, south) = (await api.JoinAsync(rally.RallyId, "stage", "North"), await api.JoinAsync(rally.RallyId, "stage", "South"));
        await using var onB = await ViewerHubClient.ConnectAsync(b, north.ViewerToken);
        await using var onC = await ViewerHubClient.ConnectAsync(c, south.ViewerToken);
        var (seenOnB, seenOnC) = (new ChatSeen(onB), new ChatSeen(onC));
        var reactionsOnC = new TaskCompletionSource<StreamFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = onC.OnReactionBurst((_, frame) =>
        {
            if (frame.Reactions.GetValueOrDefault("love") > 0)
            {
                reactionsOnC.TrySetResult(frame);
            }
        });
        var pollOnC = new TaskCompletionSource<PollSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var __ = onC.OnPollUpdated((_, snapshot) =>
        {
            if (snapshot.PollId == poll.PollId && snapshot.Status == PollStatus.Open)
            {
                pollOnC.TrySetResult(snapshot);
            }
        });
        var catchUpOnB = await onB.JoinStreamAsync(new("stage", "North"));
        var catchUpOnC = await onC.JoinStreamAsync(new("stage", "South"));

        const int MessagesEach = 3; // the chat burst one connection is allowed
        await organiser.OpenPollAsync(new(poll.PollId));
        var sent = await Task.WhenAll(
            SendAsync(onB, "north"),
            SendAsync(onC, "south"));
        await onB.ReactAsync(new("stage", ImmutableDictionary<string, int>.Empty.Add("love", 3)));
        await onB.VoteAsync(new(poll.PollId, 0));
        await onC.VoteAsync(new(poll.PollId, 1));

        var onBList = await seenOnB.WhenCount(2 * MessagesEach).WaitAsync(Patience);
        var onCList = await seenOnC.WhenCount(2 * MessagesEach).WaitAsync(Patience);
        Assert.Equal(sent.SelectMany(s => s).Order(), onBList.Select(m => m.Id).Order());
        Assert.Equal(onBList, onCList);
        Assert.All(onBList, m => Assert.True(m.Sequence > Math.Max(catchUpOnB.Sequence, catchUpOnC.Sequence)));
        Assert.Equal(onBList.Select(m => m.Sequence).Order(), onBList.Select(m => m.Sequence));
        Assert.Equal(3, (await reactionsOnC.Task.WaitAsync(Patience)).Reactions["love"]);
        Assert.Equal(PollStatus.Open, (await pollOnC.Task.WaitAsync(Patience)).Status);
        Assert.Equal<int>([1, 1], (await organiser.GetPollAsync(new(poll.PollId))).Tallies);

        async Task<string[]> SendAsync(ViewerHubClient viewer, string who)
        {
            var ids = new string[MessagesEach];
            for (var i = 0; i < MessagesEach; i++)
            {
                ids[i] = (await viewer.SendChatAsync(new("stage", $"{who} says charter clause {i} matters"))).Id;
            }

            return ids;
        }
    }
}
