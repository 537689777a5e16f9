using System.Collections.Concurrent;
using System.Collections.Immutable;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>
/// A <see cref="GrainCallBatcher{TRequest, TOutcome}"/> over a stand-in for its grains: each call it makes waits in
/// <see cref="NextCallAsync"/> until the test answers it.
/// </summary>
internal sealed class GrainCallStandIn<TRequest, TOutcome>
{
    private readonly ConcurrentQueue<GrainCall> _calls = new();
    private readonly SemaphoreSlim _called = new(0);

    public GrainCallStandIn() => Batcher = new GrainCallBatcher<TRequest, TOutcome>((grainKey, requests) =>
    {
        var reply = new TaskCompletionSource<ImmutableArray<TOutcome>>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls.Enqueue(new GrainCall(grainKey, requests, reply));
        _called.Release();
        return reply.Task;
    });

    public GrainCallBatcher<TRequest, TOutcome> Batcher { get; }

    /// <summary>No call is waiting for the test.</summary>
    public bool NoCallWaiting => _calls.IsEmpty;

    /// <summary>The batcher's next call to a grain, for the test to answer through its <see cref="GrainCall.Reply"/>.</summary>
    public async Task<GrainCall> NextCallAsync()
    {
        Assert.True(await _called.WaitAsync(TimeSpan.FromSeconds(10)), "The batcher made no call.");
        Assert.True(_calls.TryDequeue(out var call));
        return call;
    }

    public sealed record GrainCall(string GrainKey, ImmutableArray<TRequest> Requests, TaskCompletionSource<ImmutableArray<TOutcome>> Reply);
}
