using System.Collections.Concurrent;
using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Live;
using RallyLive.Grains.Live;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>
/// A rally's delivery numbers the events grains publish and hands them, in order, to every node subscribed to the
/// rally. Here the nodes are observers in the server's own silo, standing for nodes of a cluster.
/// </summary>
public sealed class RallyDeliveryTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new();

    private IGrainFactory Grains => _server.Services.GetRequiredService<IGrainFactory>();

    private IRallyBroadcaster Publisher => _server.Services.GetRequiredService<IRallyBroadcaster>();

    public Task InitializeAsync()
    {
        _ = _server.Server;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task EverySubscribedNode_GetsTheRallysEvents_InOrder_WithTheSameNumbers()
    {
        var (north, south) = (new RecordingNode(), new RecordingNode());
        var delivery = Grains.GetGrain<IRallyDeliveryGrain>("r-two-nodes");
        await delivery.Subscribe(Grains.CreateObjectReference<IRallyNode>(north), lastDelivered: 0);
        await delivery.Subscribe(Grains.CreateObjectReference<IRallyNode>(south), lastDelivered: 0);

        var published = Enumerable.Range(1, 50).Select(i => new ViewerBanned("r-two-nodes", $"v-{i}")).ToList();
        published.ForEach(Publisher.Publish);
        Publisher.Publish(new ViewerBanned("r-other-rally", "v-0"));
        await north.Received(50);
        await south.Received(50);

        Assert.Equal(published, north.Events.Select(e => e.Event));
        Assert.Equal(north.Events, south.Events);
        Assert.Equal(north.Events.Select(e => e.Sequence).Order(), north.Events.Select(e => e.Sequence));
        Assert.Equal(50, north.Events.Select(e => e.Sequence).Distinct().Count());
    }

    [Fact]
    public async Task ANodeThatUnsubscribes_GetsNothingMore()
    {
        var (staying, leaving) = (new RecordingNode(), new RecordingNode());
        var delivery = Grains.GetGrain<IRallyDeliveryGrain>("r-leaving");
        var leavingReference = Grains.CreateObjectReference<IRallyNode>(leaving);
        await delivery.Subscribe(Grains.CreateObjectReference<IRallyNode>(staying), lastDelivered: 0);
        await delivery.Subscribe(leavingReference, lastDelivered: 0);

        Publisher.Publish(new ViewerBanned("r-leaving", "v-1"));
        await leaving.Received(1);
        await delivery.Unsubscribe(leavingReference);
        Publisher.Publish(new ViewerBanned("r-leaving", "v-2"));
        await staying.Received(2);

        Assert.Single(leaving.Events);
    }

    [Fact]
    public async Task ALaterActivation_NumbersAboveEveryNumberAnEarlierOneGave()
    {
        var node = new RecordingNode();
        var delivery = Grains.GetGrain<IRallyDeliveryGrain>("r-reactivated");
        var reference = Grains.CreateObjectReference<IRallyNode>(node);
        await delivery.Subscribe(reference, lastDelivered: 0);
        for (var i = 0; i < 5; i++)
        {
            Publisher.Publish(new ViewerBanned("r-reactivated", $"v-{i}"));
        }

        await node.Received(5);
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await _server.Time.AdvanceAsync(TimeSpan.FromSeconds(1)); // a new activation starts at least a moment later
        await delivery.Subscribe(reference, lastDelivered: 0);
        Publisher.Publish(new ViewerBanned("r-reactivated", "v-after"));
        await node.Received(6);

        var numbers = node.Events.Select(e => e.Sequence).ToList();
        Assert.True(numbers[5] > numbers[4], $"{numbers[5]} after {numbers[4]}");
    }

    [Fact]
    public async Task ANodeThatWasDeliveringTheRally_GetsWhatAMovedDeliveryNumberedBeforeItSubscribedAgain_ANodeNewToTheRallyDoesNot()
    {
        var (returning, probe, newcomer) = (new RecordingNode(), new RecordingNode(), new RecordingNode());
        var delivery = Grains.GetGrain<IRallyDeliveryGrain>("r-moved");
        var returningReference = Grains.CreateObjectReference<IRallyNode>(returning);
        await delivery.Subscribe(returningReference, lastDelivered: 0);
        Publisher.Publish(new ViewerBanned("r-moved", "v-before"));
        await returning.Received(1);

        // The delivery moves (its node died): the new activation knows no subscriber until the nodes renew.
        await Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        await _server.Time.AdvanceAsync(TimeSpan.FromSeconds(1));
        await delivery.Subscribe(Grains.CreateObjectReference<IRallyNode>(probe), lastDelivered: 0); // only to see the next two numbered
        Publisher.Publish(new ViewerBanned("r-moved", "v-meanwhile-1"));
        Publisher.Publish(new ViewerBanned("r-moved", "v-meanwhile-2"));
        await probe.Received(2);
        await delivery.Subscribe(returningReference, lastDelivered: returning.Events[^1].Sequence);
        await delivery.Subscribe(Grains.CreateObjectReference<IRallyNode>(newcomer), lastDelivered: 0);
        Publisher.Publish(new ViewerBanned("r-moved", "v-after"));
        await returning.Received(4);
        await newcomer.Received(1);

        Assert.Equal(["v-before", "v-meanwhile-1", "v-meanwhile-2", "v-after"], returning.Events.Select(e => ((ViewerBanned)e.Event).ViewerId));
        Assert.Equal(["v-after"], newcomer.Events.Select(e => ((ViewerBanned)e.Event).ViewerId));
    }

    /// <summary>A node that keeps what it is handed and lets a test wait for a count.</summary>
    private sealed class RecordingNode : IRallyNode
    {
        private readonly ConcurrentQueue<NumberedEvent> _events = new();
        private readonly SemaphoreSlim _arrived = new(0);

        public IReadOnlyList<NumberedEvent> Events => [.. _events];

        public Task Deliver(long after, ImmutableArray<NumberedEvent> events)
        {
            foreach (var numbered in events)
            {
                _events.Enqueue(numbered);
                _arrived.Release();
            }

            return Task.CompletedTask;
        }

        /// <summary>Waits until <paramref name="count"/> events in all have arrived.</summary>
        public async Task Received(int count)
        {
            while (_events.Count < count)
            {
                if (!await _arrived.WaitAsync(TimeSpan.FromSeconds(10)))
                {
                    throw new TimeoutException($"{_events.Count} of {count} events arrived.");
                }
            }
        }
    }
}
