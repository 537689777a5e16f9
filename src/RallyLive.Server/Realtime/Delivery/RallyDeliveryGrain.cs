using System.Collections.Immutable;
using Orleans.Utilities;
using RallyLive.Abstractions.Live;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// Keeps its subscribers in memory (Orleans' <see cref="ObserverManager{TObserver}"/>, which forgets a node that
/// stops renewing). Numbers start from the clock, in microseconds, when the delivery activates: a new activation
/// (after a restart, or on another node after one died) numbers above every number an earlier one gave, so
/// clients that stayed connected never take fresh events for old ones. A delivery that moved has no subscribers until
/// the nodes renew theirs (every third of <see cref="SubscriptionLifetime"/>): what it numbers in its first
/// <see cref="SubscriptionLifetime"/> is kept (at most <see cref="MaxKeptSinceActivation"/> events) and handed to each
/// node that was delivering the rally before, as it first subscribes, so its clients lose nothing of what happened
/// meanwhile. Through SignalR's Redis backplane
/// (<see cref="DeliveryRoute"/>), it sends on its own node instead, and the backplane relays to the others.
/// </summary>
public sealed class RallyDeliveryGrain(TimeProvider time, DeliveryRoute route, LocalDelivery local, ILogger<RallyDeliveryGrain> logger)
    : Grain, IRallyDeliveryGrain
{
    /// <summary>How long a subscription lasts without renewal; nodes renew well within it.</summary>
    public static readonly TimeSpan SubscriptionLifetime = TimeSpan.FromSeconds(30);

    /// <summary>The most events kept for nodes that subscribe after the activation: a few seconds of a busy rally.</summary>
    public const int MaxKeptSinceActivation = 2_000;

    private readonly ObserverManager<IRallyNode> _nodes = new(SubscriptionLifetime, logger);
    private long _lastSequence = time.GetUtcNow().ToUnixTimeMilliseconds() * 1000;
    private long _lastSent;
    private readonly DateTimeOffset _activatedAt = time.GetUtcNow();
    private List<NumberedEvent>? _sinceActivation = [];

    public Task Subscribe(IRallyNode node, long lastDelivered)
    {
        var first = !_nodes.Observers.ContainsKey(node);
        _nodes.Subscribe(node, node);
        if (first && lastDelivered > 0 && KeptSinceActivation() is { } kept && kept.FindAll(e => e.Sequence > lastDelivered) is { Count: > 0 } missed)
        {
            // Follows nothing (0): the node takes it as the start of this activation's numbers.
            return node.Deliver(0, [.. missed]);
        }

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
            if (KeptSinceActivation() is { } kept && kept.Count + numbered.Length <= MaxKeptSinceActivation)
            {
                kept.AddRange(numbered);
            }

            _nodes.Notify(node => node.Deliver(after, numbered));
        }

        return Task.CompletedTask;
    }

    /// <summary>What this activation has numbered, while it is young enough to keep it; null (and forgotten) after.</summary>
    private List<NumberedEvent>? KeptSinceActivation()
    {
        if (_sinceActivation is not null && time.GetUtcNow() - _activatedAt >= SubscriptionLifetime)
        {
            _sinceActivation = null;
        }

        return _sinceActivation;
    }
}
