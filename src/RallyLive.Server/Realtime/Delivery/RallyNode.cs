using System.Collections.Concurrent;
using System.Collections.Immutable;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// This node as rally deliveries see it: an observer they hand events to. It subscribes to a rally's delivery when
/// the node's first client of that rally connects, renews while any is connected, and lets go after the last one
/// leaves. What it receives goes to <see cref="LocalDelivery"/> in the order the rally's delivery numbered it.
/// </summary>
public sealed partial class RallyNode(IGrainFactory grains, LocalDelivery delivery, TimeProvider time, ILogger<RallyNode> logger)
    : BackgroundService, IRallyNode
{
    /// <summary>Renewals come this often: well within <see cref="RallyDeliveryGrain.SubscriptionLifetime"/>.</summary>
    private static readonly TimeSpan RenewEvery = RallyDeliveryGrain.SubscriptionLifetime / 3;

    private readonly ConcurrentDictionary<string, int> _clients = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DeliveryOrder> _orders = new(StringComparer.Ordinal);
    private IRallyNode? _reference;

    /// <summary>The reference deliveries call, made once: the observer lives as long as the node.</summary>
    private IRallyNode Reference => LazyInitializer.EnsureInitialized(ref _reference, () => grains.CreateObjectReference<IRallyNode>(this));

    public Task Deliver(long after, ImmutableArray<NumberedEvent> events)
    {
        if (events.IsDefaultOrEmpty)
        {
            return Task.CompletedTask;
        }

        var order = _orders.GetOrAdd(events[0].Event.RallyId, _ => new DeliveryOrder(time, delivery.Enqueue));
        order.Accept(after, events);

        if (order.Waiting)
        {
            _ = ReleaseOverdueAsync(order);
        }

        return Task.CompletedTask;
    }

    /// <summary>A client of the rally connected; returns once the node is subscribed, so the client misses nothing after its catch-up.</summary>
    public async Task ClientConnectedAsync(string rallyId)
    {
        _clients.AddOrUpdate(rallyId, 1, static (_, count) => count + 1);
        await grains.GetGrain<IRallyDeliveryGrain>(rallyId).Subscribe(Reference, LastDelivered(rallyId));
    }

    public void ClientDisconnected(string rallyId) =>
        _clients.AddOrUpdate(rallyId, 0, static (_, count) => Math.Max(0, count - 1));

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Real time, as Orleans keeps for its own upkeep: subscriptions lapse on real time too.
        using var timer = new PeriodicTimer(RenewEvery);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (rallyId, clients) in _clients)
            {
                await RenewAsync(rallyId, clients);
            }
        }
    }

    private async Task RenewAsync(string rallyId, int clients)
    {
        try
        {
            var rallyDelivery = grains.GetGrain<IRallyDeliveryGrain>(rallyId);
            if (clients > 0)
            {
                await rallyDelivery.Subscribe(Reference, LastDelivered(rallyId));
            }
            else if (_clients.TryRemove(KeyValuePair.Create(rallyId, 0)))
            {
                _orders.TryRemove(rallyId, out _);
                await rallyDelivery.Unsubscribe(Reference);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogRenewFailed(logger, rallyId, exception);
        }
    }

    /// <summary>The number of the last event this node delivered for the rally (0: none yet).</summary>
    private long LastDelivered(string rallyId) => _orders.TryGetValue(rallyId, out var order) ? order.Last : 0;

    /// <summary>An early batch whose predecessor never comes still goes out, <see cref="DeliveryOrder.MaxWait"/> later.</summary>
    private async Task ReleaseOverdueAsync(DeliveryOrder order)
    {
        await Task.Delay(DeliveryOrder.MaxWait, time);
        order.Overdue();
    }

    [LoggerMessage(1, LogLevel.Warning, "Could not renew this node's subscription to rally {RallyId}")]
    private static partial void LogRenewFailed(ILogger logger, string rallyId, Exception exception);
}
