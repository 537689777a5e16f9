using RallyLive.Server.Hosting;
using StackExchange.Redis;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// Nodes given other secrets or an incompatible version are refused at start, naming what differs: the check against
/// a real Redis, and a real node refused by a real cluster.
/// </summary>
public sealed class ClusterCompatibilityTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

    private RedisServer _redis = null!;
    private ConnectionMultiplexer _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public void NodesOfTheSameTerms_Join_OnesGivenAnotherKeyOrAnotherContract_AreRefusedNamingWhatDiffers()
    {
        var redis = _connection.GetDatabase();
        ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.1:11111", 1, "aaaa"), Now);
        ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.2:11111", 1, "aaaa"), Now);

        var otherKey = Assert.Throws<InvalidOperationException>(() => ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.3:11111", 1, "bbbb"), Now));
        var otherContract = Assert.Throws<InvalidOperationException>(() => ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.4:11111", 2, "aaaa"), Now));
        ClusterCompatibility.Join(redis, "c2", new NodeCard("10.0.0.5:11111", 2, "bbbb"), Now); // another cluster on the same Redis

        Assert.Contains("RallyLive:Operations:Key", otherKey.Message, StringComparison.Ordinal);
        Assert.Contains("node 10.0.0.1:11111 of cluster 'c1'", otherKey.Message, StringComparison.Ordinal);
        Assert.Contains("contract version is 2, node 10.0.0.1:11111 of cluster 'c1' runs 1", otherContract.Message, StringComparison.Ordinal);
        // The refused nodes are not in: a node of the first terms still joins.
        ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.6:11111", 1, "aaaa"), Now);
    }

    [Fact]
    public void ACardNotRenewedWithinTheLease_CountsNoMore_AndANodeRestartedOnItsEndpointReplacesItsOwn()
    {
        var redis = _connection.GetDatabase();
        ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.1:11111", 1, "aaaa"), Now);

        Assert.Throws<InvalidOperationException>(() =>
            ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.2:11111", 1, "bbbb"), Now + ClusterCompatibility.Lease - TimeSpan.FromSeconds(1)));
        ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.2:11111", 1, "bbbb"), Now + ClusterCompatibility.Lease + TimeSpan.FromSeconds(1));
        ClusterCompatibility.Join(redis, "c1", new NodeCard("10.0.0.2:11111", 1, "cccc"), Now + ClusterCompatibility.Lease + TimeSpan.FromSeconds(2));

        var members = redis.SortedSetRangeByRank("rallylive:c1:nodes").Select(m => m.ToString());
        Assert.Equal(["10.0.0.2:11111|1|cccc"], members);
    }

    [Fact]
    public async Task ANodeGivenAnotherOperatorKey_IsRefusedAtStart_NamingTheSetting()
    {
        await using var cluster = await LocalCluster.StartAsync(nodes: 1, new Dictionary<string, string> { ["RallyLive__Operations__Key"] = new string('a', 32) });

        var refused = await Assert.ThrowsAsync<ServerExitedException>(() =>
            cluster.StartNodeAsync(new Dictionary<string, string> { ["RallyLive__Operations__Key"] = new string('b', 32) }));
        var alike = await cluster.StartNodeAsync(new Dictionary<string, string> { ["RallyLive__Operations__Key"] = new string('a', 32) });
        using var http = new HttpClient();

        Assert.Contains("was given another RallyLive:Operations:Key than node", refused.Output, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri(new Uri(alike.BaseUrl), "/health/ready"))).StatusCode);
    }
}
