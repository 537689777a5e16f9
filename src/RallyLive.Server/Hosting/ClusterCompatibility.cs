using System.Security.Cryptography;
using System.Text;
using RallyLive.Server.Operations;
using StackExchange.Redis;

namespace RallyLive.Server.Hosting;

/// <summary>
/// What the nodes of one cluster must share, checked as each node starts: the version of what crosses between nodes
/// (<see cref="ContractVersion"/>) and the secrets each node is given (the operator key, as a fingerprint). Every node
/// keeps its card in the cluster's set in Redis, renewed every third of <see cref="Lease"/> while it runs and taken out
/// as it stops; a node whose card differs from a live node's is refused at start with a message saying what differs,
/// rather than joining and misreading what the others send, or answering the operator differently from them.
/// </summary>
/// <remarks>
/// The check and the entry are one Lua script, so two nodes started at once with different cards cannot both get in.
/// A node killed without taking its card out counts for up to <see cref="Lease"/> more: a node restarted on the same
/// silo endpoint replaces its own card at once, any other waits that long.
/// </remarks>
public sealed partial class ClusterCompatibility(IConnectionMultiplexer redis, string clusterId, NodeCard card, TimeProvider time,
    ILogger<ClusterCompatibility> logger) : BackgroundService
{
    /// <summary>
    /// The version of what crosses between nodes: grain calls, events and grain state. A release that only adds fields
    /// under new <c>[Id]</c>s runs beside the one before and keeps it (docs/operations.md, upgrading node by node); a
    /// release that cannot must raise it, and its nodes then cannot join a cluster of the version before: stop every
    /// node of the old version first.
    /// </summary>
    public const int ContractVersion = 1;

    /// <summary>How long a node's card counts after it was last renewed.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    // KEYS[1] the cluster's cards; ARGV[1] the oldest renewal still live, ARGV[2] now, ARGV[3] this node's id, ARGV[4] its card.
    // Answers the first live card of another node that differs, or nil once this node's card is in.
    private const string JoinScript = """
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', '(' .. ARGV[1])
        for _, member in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
          local id, rest = string.match(member, '^(.-)|(.*)$')
          if id == ARGV[3] then
            redis.call('ZREM', KEYS[1], member)
          elseif rest ~= ARGV[4] then
            return member
          end
        end
        redis.call('ZADD', KEYS[1], ARGV[2], ARGV[3] .. '|' .. ARGV[4])
        return nil
        """;

    /// <summary>This node's card: its silo endpoint as its id, the contract version, and its secrets' fingerprint.</summary>
    public static NodeCard CardOf(IConfiguration configuration, ClusterSettings cluster, int siloPort)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var key = OperationsOptions.From(configuration).Key ?? string.Empty;
        var fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{OperationsOptions.SectionName}:Key={key}")))[..16];
        return new NodeCard($"{cluster.AdvertisedAddress}:{siloPort}", ContractVersion, fingerprint);
    }

    /// <summary>
    /// Puts this node's card in the cluster's set, or stops the start with a message naming what differs from a node
    /// that is in the cluster now.
    /// </summary>
    public static void Join(IDatabase redis, string clusterId, NodeCard card, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentNullException.ThrowIfNull(card);
        var differing = (string?)redis.ScriptEvaluate(JoinScript, [KeyOf(clusterId)],
            [(now - Lease).ToUnixTimeMilliseconds(), now.ToUnixTimeMilliseconds(), card.NodeId, card.Terms]);
        if (differing is not null)
        {
            var other = NodeCard.Parse(differing)
                ?? throw new InvalidOperationException($"{ClusterSettings.SectionName}: cluster '{clusterId}' holds a node card this node cannot read ('{differing}'): a node of another kind shares its Redis and cluster id.");
            throw new InvalidOperationException(other.Contract != card.Contract
                ? $"{ClusterSettings.SectionName}: this node's contract version is {card.Contract}, node {other.NodeId} of cluster '{clusterId}' runs {other.Contract}: " +
                  "versions that cannot run side by side do not join one cluster. Stop every node of the other version first (docs/operations.md, upgrading)."
                : $"{ClusterSettings.SectionName}: this node was given another {OperationsOptions.SectionName}:Key than node {other.NodeId} of cluster '{clusterId}': " +
                  "every node of a cluster must be given the same secrets.");
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var renewal = new PeriodicTimer(Lease / 3, time);
        try
        {
            while (await renewal.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await redis.GetDatabase().SortedSetAddAsync(KeyOf(clusterId), card.Member, time.GetUtcNow().ToUnixTimeMilliseconds());
                }
                catch (RedisException lost)
                {
                    // Redis away: the node carries on (health says so); the next renewal puts the card back.
                    LogRenewalFailed(logger, lost);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await redis.GetDatabase().SortedSetRemoveAsync(KeyOf(clusterId), card.Member);
        }
        catch (RedisException lost)
        {
            LogRenewalFailed(logger, lost); // the card lapses on its own
        }
    }

    private static RedisKey KeyOf(string clusterId) => $"rallylive:{clusterId}:nodes";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not renew this node's card in the cluster's set in Redis")]
    private static partial void LogRenewalFailed(ILogger logger, Exception exception);
}

/// <summary>A node of a cluster as the others see it at start: its id (silo endpoint), contract version and secrets' fingerprint.</summary>
public sealed record NodeCard(string NodeId, int Contract, string Secrets)
{
    /// <summary>What must be the same on every node of a cluster.</summary>
    public string Terms => $"{Contract}|{Secrets}";

    /// <summary>The card as kept in Redis.</summary>
    public string Member => $"{NodeId}|{Terms}";

    public static NodeCard? Parse(string member)
    {
        var parts = member.Split('|');
        return parts.Length == 3 && int.TryParse(parts[1], System.Globalization.CultureInfo.InvariantCulture, out var contract)
            ? new NodeCard(parts[0], contract, parts[2])
            : null;
    }
}
