using System.Collections.Immutable;
using Orleans.Utilities;
using RallyLive.Abstractions.Live;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// Keeps its subscribers in memory (Orleans' <see cref="ObserverManager{TObserver}"/>, which forgets a node that
/// stops renewing). Numbers start from the clock, in microseconds, when the delivery activates: a new activation
/// (after a restart, or on another node after one died) numbers above every number an earlier one gave, so
/// clients that stayed connected never take fresh events for old ones. Through SignalR's Redis backplane
/// (<see cref="DeliveryRoute"/>), it sends on its own node instead, and the backplane relays to the others.
/// </summary>
public sealed class RallyDeliveryGrain(TimeProvider time, DeliveryRoute route, LocalDelivery local, ILogger<RallyDeliveryGrain> logger)
    : Grain, IRallyDeliveryGrain
{
    /// <summary>How long a subscription lasts without renewal; nodes renew well within it.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    private readonly ObserverManager<IRallyNode> _nodes = new(SubscriptionLifetime, logger);
    private long _lastSequence = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    private long _lastSent;

    public Task Subscribe(IRallyNode node)
    {
        _nodes.Subscribe(node, node);
        return Task.CompletedTask;
    }

    public Task Unsubscribe(IRallyNode node)
    {
        _nodes.Unsubscribe(node);
        return Task.CompletedTask;
    }

    public Task Publish(ImmutableArray<RallyEvent> events)
    {
        if (events.IsDefaultOrEmpty)
        {
            return Task.CompletedTask;
        }

        var numbered = ImmutableArray.CreateRange(events, e => new NumberedEvent(++_lastSequence, e));
        var after = _lastSent;
        _lastSent = _lastSequence;
        if (route.ThroughRedisBackplane)
        {
            local.Enqueue(numbered);
        }
        else
        {
            _nodes.Notify(node => node.Deliver(after, numbered));
        }

        return Task.CompletedTask;
    }
}
