using System.Collections.Immutable;
using RallyLive.Abstractions.Live;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>A node puts a rally's batches back in the order its delivery numbered them, however they arrive.</summary>
public sealed class DeliveryOrderTests
{
    private readonly GrainClock _clock = new();
    private readonly List<long> _released = [];

    private DeliveryOrder NewOrder() => new(_clock, events => _released.AddRange(events.Select(e => e.Sequence)));

    private static ImmutableArray<NumberedEvent> Batch(params long[] sequences) =>
        [.. sequences.Select(s => new NumberedEvent(s, new ViewerBanned("r-order", $"v-{s}")))];

    [Fact]
    public void BatchesThatArriveOutOfOrder_AreReleasedInOrder()
    {
        var order = NewOrder();

        order.Accept(0, Batch(101, 102));
        order.Accept(104, Batch(105));
        order.Accept(105, Batch(106, 107));
        order.Accept(102, Batch(103, 104));

        Assert.Equal([101, 102, 103, 104, 105, 106, 107], _released);
        Assert.False(order.Waiting);
    }

    [Fact]
    public async Task ABatchWhosePredecessorIsLate_IsReleasedAfterTheWait_AndTheLateOneStillGoesOut()
    {
        var order = NewOrder();
        order.Accept(0, Batch(1));
        order.Accept(5, Batch(6));

        order.Overdue();
        Assert.Equal([1], _released);
        await _clock.AdvanceAsync(DeliveryOrder.MaxWait);
        order.Overdue();
        order.Accept(1, Batch(2, 3, 4, 5));

        Assert.Equal([1, 6, 2, 3, 4, 5], _released);
    }

    [Fact]
    public void ANewActivationsFirstBatch_FollowsNothing_AndIsReleasedAtOnce()
    {
        var order = NewOrder();
        order.Accept(0, Batch(10, 11));

        order.Accept(0, Batch(5_000_001));

        Assert.Equal([10, 11, 5_000_001], _released);
    }
}
