using Microsoft.Extensions.Options;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Streams;

namespace RallyLive.Server.Realtime;

/// <summary>
/// A stream keeps its presence in memory, and the truth of who watches it is in the nodes' registers of connections
/// (<see cref="RallyConnections"/>). Every third of the streams' node lease (on the injected <see cref="TimeProvider"/>)
/// this node sends each stream its connections watch the whole list of viewers it holds there
/// (<see cref="IStreamGrain.Hold"/>), and an empty one to a stream it no longer watches. So a stream that forgot its
/// viewers (its grain moved when the node holding it ended) counts them again within that time, a viewer whose leave
/// was lost or overtaken is set right, and the viewers of a node that was killed leave once its hold lapses.
/// </summary>
public sealed partial class PresenceRenewal(
    RallyConnections connections, IGrainFactory grains, ThisNode node, IOptions<StreamOptions> streams, TimeProvider time,
    ILogger<PresenceRenewal> logger) : BackgroundService
{
    private HashSet<(string RallyId, string StreamId)> _held = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(streams.Value.NodeLease / 3, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await RenewAsync();
        }
    }

    /// <summary>Sends every stream this node watches, or watched at the last renewal, what the node holds there now.</summary>
    internal async Task RenewAsync()
    {
        var watched = connections.ViewersByStream();
        var released = _held.Where(key => !watched.ContainsKey(key)).Select(key => (Key: key, Viewers: new List<HeldViewer>()));
        await Task.WhenAll(watched.Select(pair => (pair.Key, Viewers: pair.Value)).Concat(released).Select(async held =>
        {
            try
            {
                await grains.GetGrain<IStreamGrain>(StreamKey.For(held.Key.RallyId, held.Key.StreamId)).Hold(new NodePresence(node.Id, [.. held.Viewers]));
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The next renewal tries again; until then the stream keeps what it had.
                LogRenewalFailed(logger, held.Key.RallyId, held.Key.StreamId, exception);
            }
        }));
        _held = [.. watched.Keys];
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not renew this node's viewers of stream {RallyId}/{StreamId}")]
    private static partial void LogRenewalFailed(ILogger logger, string rallyId, string streamId, Exception exception);
}

/// <summary>This server process, as the streams know the viewers it holds: an id of its own, new at every start.</summary>
public sealed class ThisNode
{
    public string Id { get; } = $"node-{Guid.NewGuid():N}";
}
