using System.Collections.Immutable;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// The delivery measured against the node observers (<c>RallyLive:Cluster:Delivery = RedisBackplane</c>, docs/orleans.md):
/// through SignalR's Redis backplane, what a viewer does on one node reaches a viewer on the other, numbered in order.
/// </summary>
public sealed class ClusterBackplaneTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LocalCluster.StartAsync(nodes: 2, new Dictionary<string, string> { ["RallyLive__Cluster__Delivery"] = "RedisBackplane" });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ThroughTheBackplane_ChatAndReactionsOnOneNode_ReachAViewerOnTheOther_InOrder()
    {
        var (a, b) = (_cluster.Nodes[0].BaseUrl, _cluster.Nodes[1].BaseUrl);
        using var httpA = new HttpClient { BaseAddress = new Uri(a) };
        var api = new ApiClient(httpA);
        var rally = await api.CreateRallyAsync();
        var (north, south) = (await api.JoinAsync(rally.RallyId, "stage", "North"), await api.JoinAsync(rally.RallyId, "stage", "South"));
        await using var onA = await ViewerHubClient.ConnectAsync(a, north.ViewerToken);
        await using var onB = await ViewerHubClient.ConnectAsync(b, south.ViewerToken);
        const int Messages = 3; // the chat burst one connection is allowed
        var (chatOnA, chatOnB) = (new ChatSeen(onA), new ChatSeen(onB));
        var reactionsOnB = new TaskCompletionSource<StreamFrame>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var _ = onB.OnReactionBurst((_, frame) =>
        {
            if (frame.Reactions.GetValueOrDefault("love") > 0)
            {
                reactionsOnB.TrySetResult(frame);
            }
        });
        await onA.JoinStreamAsync(new("stage", "North"));
        await onB.JoinStreamAsync(new("stage", "South"));

        var sent = new List<string>();
        for (var i = 0; i < Messages; i++)
        {
            sent.Add((await onA.SendChatAsync(new("stage", $"north says charter clause {i} matters"))).Id);
        }

        await onA.ReactAsync(new("stage", ImmutableDictionary<string, int>.Empty.Add("love", 3)));

        // The rally's delivery runs on one of the two nodes, so one of these viewers is on the other.
        var seenOnA = await chatOnA.WhenCount(Messages).WaitAsync(Patience);
        var seenOnB = await chatOnB.WhenCount(Messages).WaitAsync(Patience);
        Assert.Equal(sent, seenOnA.Select(m => m.Id));
        Assert.Equal(seenOnA, seenOnB);
        Assert.Equal(seenOnB.Select(m => m.Sequence).Order(), seenOnB.Select(m => m.Sequence));
        Assert.Equal(3, (await reactionsOnB.Task.WaitAsync(Patience)).Reactions["love"]);
    }
}
