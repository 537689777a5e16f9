namespace RallyLive.Server.Tests.Cluster;

/// <summary>A node of a cluster that cannot reach Redis does not start half-way: it exits and says where it looked.</summary>
public sealed class ClusterStartTests
{
    [Fact]
    public async Task ANodeWhoseRedisIsUnreachable_ExitsAtStart_NamingTheAddress()
    {
        var port = LoopbackPort.Free();

        var exited = await Assert.ThrowsAsync<ServerExitedException>(() => ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["RallyLive__Cluster__Redis"] = $"127.0.0.1:{port},connectTimeout=1000",
            ["Grains__Silo__Port"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));

        Assert.Contains($"cannot reach Redis at 127.0.0.1:{port}", exited.Output, StringComparison.Ordinal);
    }
}
