using System.Collections.Immutable;
using System.Threading.Channels;
using RallyLive.Abstractions.Live;
using RallyLive.Grains.Live;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// The grains' broadcaster on this node. Grains publish inside their turns, so it only queues; a background loop
/// takes what has queued, keeps each rally's events in order, and hands them to the rally's delivery in one call
/// per rally, whichever node the delivery runs on.
/// </summary>
public sealed partial class RallyEventPublisher(IGrainFactory grains, RealtimeMetrics metrics, ILogger<RallyEventPublisher> logger)
    : BackgroundService, IRallyBroadcaster
{
    /// <summary>Events waiting beyond this are dropped oldest first, so a stalled node cannot grow without bound.</summary>
    private const int MaxQueued = 100_000;

    /// <summary>At most this many events go to deliveries in one round.</summary>
    private const int MaxPerRound = 2_048;

    private readonly Channel<RallyEvent> _queue = Channel.CreateBounded<RallyEvent>(
        new BoundedChannelOptions(MaxQueued) { SingleReader = true, FullMode = BoundedChannelFullMode.DropOldest },
        itemDropped: _ => metrics.Dropped());

    public void Publish(RallyEvent rallyEvent)
    {
        ArgumentNullException.ThrowIfNull(rallyEvent);
        _queue.Writer.TryWrite(rallyEvent);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var round = new List<RallyEvent>(MaxPerRound);
        while (await _queue.Reader.WaitToReadAsync(stoppingToken))
        {
            while (round.Count < MaxPerRound && _queue.Reader.TryRead(out var next))
            {
                round.Add(next);
            }

            // One call per rally, all rallies at once; a rally's events keep their order inside its call.
            await Task.WhenAll(round.GroupBy(e => e.RallyId, StringComparer.Ordinal).Select(rally => HandOverAsync(rally.Key, [.. rally])));
            round.Clear();
        }
    }

    private async Task HandOverAsync(string rallyId, ImmutableArray<RallyEvent> events)
    {
        try
        {
            await grains.GetGrain<IRallyDeliveryGrain>(rallyId).Publish(events);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogHandOverFailed(logger, events.Length, rallyId, exception);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "{Count} events of rally {RallyId} could not reach its delivery")]
    private static partial void LogHandOverFailed(ILogger logger, int count, string rallyId, Exception exception);
}
