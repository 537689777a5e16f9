namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// A real cluster on loopback: a redis-server of the test's own and RallyLive nodes, each its own server process in
/// cluster mode (same binary, settings only), with a cluster id of its own so that tests never meet each other's nodes.
/// </summary>
public sealed class LocalCluster : IAsyncDisposable
{
    private readonly List<ServerProcess> _nodes = [];

    private LocalCluster(RedisServer redis) => Redis = redis;

    public RedisServer Redis { get; }

    public string ClusterId { get; } = $"test-{Guid.NewGuid():N}";

    /// <summary>The nodes started so far, in the order they were started (stopped and killed ones included).</summary>
    public IReadOnlyList<ServerProcess> Nodes => _nodes;

    /// <summary>Starts Redis and <paramref name="nodes"/> nodes, each with <paramref name="settings"/> on top of <see cref="NodeSettings"/>.</summary>
    public static async Task<LocalCluster> StartAsync(int nodes, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new LocalCluster(await RedisServer.StartAsync());
        try
        {
            // One at a time: the first node creates the membership table, and two cores start one node at a time anyway.
            for (var i = 0; i < nodes; i++)
            {
                await cluster.StartNodeAsync(settings);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The settings of a node of this cluster: Redis, the cluster id, and a silo port of its own.</summary>
    public Dictionary<string, string> NodeSettings() => new()
    {
        ["RallyLive__Cluster__Redis"] = Redis.ConnectionString,
        ["RallyLive__Cluster__ClusterId"] = ClusterId,
        ["Grains__Silo__Port"] = LoopbackPort.Free().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Starts one more node, with <paramref name="settings"/> on top of <see cref="NodeSettings"/>.</summary>
    public async Task<ServerProcess> StartNodeAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var all = NodeSettings();
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            all[key] = value;
        }

        var node = await ServerProcess.StartAsync(all);
        _nodes.Add(node);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }
}
