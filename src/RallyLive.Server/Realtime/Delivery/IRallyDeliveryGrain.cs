using System.Collections.Immutable;
using Orleans.Concurrency;
using RallyLive.Abstractions.Live;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// A rally's delivery, keyed by rally id: numbers the rally's events in one sequence and hands each batch to every
/// node that has clients of the rally, once per node whatever its number of clients.
/// </summary>
public interface IRallyDeliveryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds (or renews) a node's subscription; a node renews while it has clients of the rally, or it lapses.
    /// <paramref name="lastDelivered"/> is the number of the last event the node delivered for the rally (0: none yet).
    /// A node that was delivering the rally before this activation gets, as it first subscribes, what this activation
    /// numbered before that; a node new to the rally does not (its clients catch up from a snapshot).
    /// </summary>
    Task Subscribe(IRallyNode node, long lastDelivered);

    Task Unsubscribe(IRallyNode node);

    /// <summary>Numbers the events, in order, and hands them to every subscribed node.</summary>
    Task Publish(ImmutableArray<RallyEvent> events);
}

/// <summary>A node with clients: it sends what the rally's delivery hands it to its own connections.</summary>
public interface IRallyNode : IGrainObserver
{
    /// <summary>
    /// One-way: the delivery never waits for a node, so a slow or dead node holds up no other. <paramref name="after"/>
    /// is the number of the last event of the batch before this one (0 for an activation's first batch), so that the
    /// node can put batches back in order (<see cref="DeliveryOrder"/>).
    /// </summary>
    [OneWay]
    Task Deliver(long after, ImmutableArray<NumberedEvent> events);
}

/// <summary>An event with its number in the rally's sequence.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.numbered-event")]
public sealed record NumberedEvent([property: Id(0)] long Sequence, [property: Id(1)] RallyEvent Event);

/// <summary>How numbered events leave a rally's delivery: to every subscribed node (the default), or through SignalR's Redis backplane.</summary>
public sealed record DeliveryRoute(bool ThroughRedisBackplane);
