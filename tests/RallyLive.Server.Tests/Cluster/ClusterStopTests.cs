namespace RallyLive.Server.Tests.Cluster;

/// <summary>A node asked to stop while Redis hangs does not hang with it: it ends itself at its stop deadline, saying why.</summary>
public sealed class ClusterStopTests : IAsyncLifetime
{
    private LocalCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await LocalCluster.StartAsync(nodes: 0);

    public async Task DisposeAsync()
    {
        await _cluster.Redis.ResumeAsync();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task ANodeAskedToStopWhileRedisHangs_EndsItselfAtItsStopDeadline_SayingWhy()
    {
        // Without the deadline such a node takes over two minutes; the wait for its exit (one minute) would give up.
        var node = await _cluster.StartNodeAsync(new Dictionary<string, string> { ["RallyLive__Cluster__StopDeadline"] = "00:00:05" });

        await _cluster.Redis.PauseAsync();
        await node.StopAsync();

        Assert.True(node.HasExited);
        Assert.Contains("stopping took longer than 5 s (is Redis reachable?); ending the process now", node.LastLines, StringComparison.Ordinal);
    }
}
