using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// Viewer counts hold cluster-wide: viewers on every node are counted once, and those of a node that was killed (no
/// leave is ever sent for them) leave the count once its hold lapses, whichever node the stream's grain lives on. The
/// frame that says so reaches the surviving node's viewers even when the rally's delivery died with the node (what a
/// moved delivery numbers before the nodes subscribe again is handed to them when they do).
/// </summary>
public sealed class ClusterPresenceTests : IAsyncLifetime
{
    /// <summary>Short, so that a killed node's hold lapses within the test's patience: renewed every second.</summary>
    private const string NodeLease = "00:00:03";

    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() =>
        _cluster = await LocalCluster.StartAsync(nodes: 2, new Dictionary<string, string> { ["RallyLive__Streams__NodeLease"] = NodeLease });

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task ViewersOnTwoNodes_AreCountedOnce_AndAKilledNodesViewersLeaveTheCount()
    {
        var (survivor, doomed) = (_cluster.Nodes[0], _cluster.Nodes[1]);
        using var http = new HttpClient { BaseAddress = new Uri(survivor.BaseUrl) };
        var api = new ApiClient(http);
        var rally = await api.CreateRallyAsync();
        await using (var organiser = await OrganiserHubClient.ConnectAsync(survivor.BaseUrl, rally.OrganiserKey))
        {
            await organiser.GoLiveAsync();
        }

        var watcherToken = (await api.JoinAsync(rally.RallyId, "stage", "Watcher")).ViewerToken;
        await using var watcher = await ViewerHubClient.ConnectAsync(survivor.BaseUrl, watcherToken);
        var counts = new ViewerCounts(watcher);
        await watcher.JoinStreamAsync(new("stage", "Watcher"));
        var onTheDoomedNode = new List<ViewerHubClient>();
        var tokens = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            tokens.Add((await api.JoinAsync(rally.RallyId, "stage", $"Viewer {i}")).ViewerToken);
            var viewer = await ViewerHubClient.ConnectAsync(doomed.BaseUrl, tokens[i]);
            await viewer.JoinStreamAsync(new("stage", $"Viewer {i}"));
            onTheDoomedNode.Add(viewer);
        }

        // A second tab of the first of them, on the surviving node: still one viewer, and still watching after the kill.
        await using var secondTab = await ViewerHubClient.ConnectAsync(survivor.BaseUrl, tokens[0]);
        await secondTab.JoinStreamAsync(new("stage", "Viewer 0"));
        await counts.Reached(6);

        await doomed.KillAsync();

        // Whichever node the stream's grain and the rally's delivery lived on: the count, and the frame that says so, reach the watcher.
        await counts.Reached(2);
        await Task.WhenAll(onTheDoomedNode.Select(v => v.DisposeAsync().AsTask()));
    }
}
