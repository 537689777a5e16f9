using System.Collections.Concurrent;
using System.Collections.Immutable;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Sends this node's viewers' requests to each grain together: while a call to a grain is on its way, the requests
/// that arrive for it wait, and the next call carries all of them (as the storage's group commit does for writes).
/// Under a light load a request goes at once; under a heavy one a grain receives a call per round trip instead of one
/// per viewer, which an Orleans call (microseconds each) could not afford in a burst. Every caller still gets its own
/// outcome: its receipt, or the typed refusal a single call would have given. Used for reactions (to stream grains)
/// and votes (to poll grains); see <see cref="GrainCallBatchers"/>.
/// </summary>
/// <typeparam name="TRequest">One viewer's request.</typeparam>
/// <typeparam name="TOutcome">What became of one request; the grain answers one per request, in order.</typeparam>
public sealed class GrainCallBatcher<TRequest, TOutcome>(Func<string, ImmutableArray<TRequest>, Task<ImmutableArray<TOutcome>>> send)
{
    /// <summary>The most requests one call carries; more wait for the next call.</summary>
    public const int MaxRequestsPerCall = 2_048;

    private readonly ConcurrentDictionary<string, GrainQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>
    /// Sends <paramref name="request"/> to the grain <paramref name="grainKey"/> with whatever else waits for it, and
    /// returns its own outcome; throws if the call that carried it failed.
    /// </summary>
    public async Task<TOutcome> CallAsync(string grainKey, TRequest request)
    {
        var pending = new PendingRequest(request);
        while (true)
        {
            var queue = _queues.GetOrAdd(grainKey, static _ => new GrainQueue());
            bool startSending;
            lock (queue)
            {
                if (queue.Retired)
                {
                    continue;   // emptied and removed just now: take the grain's new queue
                }

                queue.Waiting.Add(pending);
                startSending = !queue.Sending;
                queue.Sending = true;
            }

            if (startSending)
            {
                _ = SendAsync(grainKey, queue);
            }

            break;
        }

        return await pending.Outcome.Task;
    }

    /// <summary>Sends what waits for one grain, call after call, until nothing waits; then retires the queue.</summary>
    private async Task SendAsync(string grainKey, GrainQueue queue)
    {
        while (true)
        {
            List<PendingRequest> batch;
            lock (queue)
            {
                if (queue.Waiting.Count == 0)
                {
                    queue.Sending = false;
                    queue.Retired = true;
                    _queues.TryRemove(KeyValuePair.Create(grainKey, queue));
                    return;
                }

                var take = Math.Min(queue.Waiting.Count, MaxRequestsPerCall);
                batch = queue.Waiting.GetRange(0, take);
                queue.Waiting.RemoveRange(0, take);
            }

            try
            {
                var outcomes = await send(grainKey, [.. batch.Select(p => p.Request)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception failure)
            {
                // The call itself failed (a timeout, the silo stopping): every request it carried fails with it.
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(failure);
                }
            }
        }
    }

    private sealed class GrainQueue
    {
        public List<PendingRequest> Waiting { get; } = [];

        public bool Sending { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class PendingRequest(TRequest request)
    {
        public TRequest Request { get; } = request;

        public TaskCompletionSource<TOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

/// <summary>The node's batchers, over the grains of a cluster.</summary>
public static class GrainCallBatchers
{
    /// <summary>Viewers' reaction batches, to their stream grains' <see cref="IStreamGrain.ReactMany"/>.</summary>
    public static GrainCallBatcher<ReactRequest, ReactOutcome> Reactions(IGrainFactory grains) =>
        new((streamKey, requests) => grains.GetGrain<IStreamGrain>(streamKey).ReactMany(requests).AsTask());

    /// <summary>Viewers' votes, to their poll grains' <see cref="IPollGrain.VoteMany"/>.</summary>
    public static GrainCallBatcher<VoteRequest, VoteOutcome> Votes(IGrainFactory grains) =>
        new((pollKey, requests) => grains.GetGrain<IPollGrain>(pollKey).VoteMany(requests).AsTask());
}
