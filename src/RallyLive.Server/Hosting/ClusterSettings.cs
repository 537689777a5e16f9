using System.Net;
using System.Net.Sockets;
using StackExchange.Redis;

namespace RallyLive.Server.Hosting;

/// <summary>
/// <c>RallyLive:Cluster</c>: with <see cref="Redis"/> set, this node is one of a cluster (Orleans membership, grain
/// state and records, and token keys in Redis); unset, it is the embedded single node on SQLite. Same binary.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "RallyLive:Cluster";

    /// <summary>A StackExchange.Redis configuration string, e.g. <c>127.0.0.1:6379</c> or <c>redis:6379,password=…</c>.</summary>
    public string? Redis { get; set; }

    /// <summary>Nodes with the same cluster id form one cluster; a second cluster on the same Redis needs another.</summary>
    public string ClusterId { get; set; } = "rallylive";

    /// <summary>
    /// The address other nodes reach this node's silo on (this machine's address on their network): an IP address, or
    /// a host name that resolves to one when the node starts (a compose service name, say; see <see cref="ResolveAdvertisedAddress"/>).
    /// </summary>
    public string AdvertisedAddress { get; set; } = IPAddress.Loopback.ToString();

    /// <summary>
    /// On Kubernetes (pods labelled and given POD_NAME, POD_NAMESPACE and POD_IP, deploy/kubernetes/): the silo also
    /// runs Orleans' Kubernetes hosting, which deletes the pods of silos declared dead and marks dead the silos whose
    /// pods are gone. Membership stays in Redis either way.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// How long a node may take to stop before it ends itself (<see cref="StopDeadline"/>): under the 45 s after which
    /// the systemd units, compose and Kubernetes kill it, so that it says why first.
    /// </summary>
    public TimeSpan StopDeadline { get; set; } = TimeSpan.FromSeconds(40);

    /// <summary>How a rally's events reach the clients on every node (see <see cref="ClusterDelivery"/>).</summary>
    public ClusterDelivery Delivery { get; set; } = ClusterDelivery.NodeObservers;

    public bool IsCluster => !string.IsNullOrWhiteSpace(Redis);

    /// <summary>A cluster whose events go to clients through SignalR's Redis backplane.</summary>
    public bool UsesRedisBackplane => IsCluster && Delivery == ClusterDelivery.RedisBackplane;

    public static ClusterSettings From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<ClusterSettings>() ?? new ClusterSettings();

    /// <summary>
    /// The IP address Orleans advertises: <see cref="AdvertisedAddress"/> itself when it is one, otherwise the first IPv4
    /// address (then any address) the name resolves to, or a start that stops with a message naming the setting.
    /// </summary>
    public IPAddress ResolveAdvertisedAddress()
    {
        if (IPAddress.TryParse(AdvertisedAddress, out var address))
        {
            return address;
        }

        IPAddress[] addresses;
        try
        {
            addresses = Dns.GetHostAddresses(AdvertisedAddress);
        }
        catch (SocketException unresolved)
        {
            throw new InvalidOperationException(
                $"{SectionName}:AdvertisedAddress: '{AdvertisedAddress}' is neither an IP address nor a name that resolves ({unresolved.Message}).",
                unresolved);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork)
            ?? addresses.FirstOrDefault()
            ?? throw new InvalidOperationException($"{SectionName}:AdvertisedAddress: '{AdvertisedAddress}' resolves to no address.");
    }

    /// <summary>
    /// Connects to Redis, once for the whole node, or stops the start with a message naming the address: a node
    /// that cannot reach Redis can neither join the cluster nor keep anything.
    /// </summary>
    public IConnectionMultiplexer ConnectRedis()
    {
        var options = ConfigurationOptions.Parse(Redis!);
        options.AbortOnConnectFail = true;
        try
        {
            return ConnectionMultiplexer.Connect(options);
        }
        catch (RedisConnectionException unreachable)
        {
            throw new InvalidOperationException(
                $"{SectionName}:Redis: cannot reach Redis at {string.Join(", ", options.EndPoints)} ({unreachable.Message}). Start Redis, or unset {SectionName}:Redis to run the embedded single node.",
                unreachable);
        }
    }
}

/// <summary>The two ways a cluster's nodes get a rally's events to their clients.</summary>
public enum ClusterDelivery
{
    /// <summary>The rally's delivery grain hands each numbered batch to every node with clients of the rally, once per node (the default).</summary>
    NodeObservers,

    /// <summary>
    /// The node running the rally's delivery sends to SignalR groups through SignalR's Redis backplane, which relays
    /// every message to every node. Kept to measure against <see cref="NodeObservers"/> (docs/orleans.md); on it, a
    /// ban closes connections on the delivery's node only and catch-ups on other nodes report no sequence number.
    /// </summary>
    RedisBackplane,
}
