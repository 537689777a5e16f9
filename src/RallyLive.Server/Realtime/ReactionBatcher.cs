using System.Collections.Concurrent;
using System.Collections.Immutable;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Sends this node's viewers' reaction batches to each stream grain together: while a call to a stream is on its
/// way, the batches that arrive for it wait, and the next call carries all of them (as the storage's group commit
/// does for writes). Under a light load a batch goes at once; under a heavy one a stream receives a call per round
/// trip instead of one per viewer batch, which an Orleans call (microseconds each) could not afford. Every caller
/// still gets its own outcome: its receipt, or the typed refusal a single call would have given.
/// </summary>
public sealed class ReactionBatcher(Func<string, ImmutableArray<ReactRequest>, Task<ImmutableArray<ReactOutcome>>> send)
{
    /// <summary>The most viewer batches one call carries; more wait for the next call.</summary>
    public const int MaxRequestsPerCall = 2_048;

    private readonly ConcurrentDictionary<string, StreamQueue> _queues = new(StringComparer.Ordinal);

    /// <summary>Over the stream grains of <paramref name="grains"/>.</summary>
    public ReactionBatcher(IGrainFactory grains)
        : this((streamKey, requests) => grains.GetGrain<IStreamGrain>(streamKey).ReactMany(requests).AsTask())
    {
    }

    /// <summary>Counts <paramref name="request"/> on the stream <paramref name="streamKey"/>; throws the stream's refusal.</summary>
    public async Task<ReactReceipt> ReactAsync(string streamKey, ReactRequest request)
    {
        var pending = new PendingReaction(request);
        while (true)
        {
            var queue = _queues.GetOrAdd(streamKey, static _ => new StreamQueue());
            bool startSending;
            lock (queue)
            {
                if (queue.Retired)
                {
                    continue;   // emptied and removed just now: take the stream's new queue
                }

                queue.Waiting.Add(pending);
                startSending = !queue.Sending;
                queue.Sending = true;
            }

            if (startSending)
            {
                _ = SendAsync(streamKey, queue);
            }

            break;
        }

        return (await pending.Outcome.Task).ReceiptOrThrow();
    }

    /// <summary>Sends what waits for one stream, call after call, until nothing waits; then retires the queue.</summary>
    private async Task SendAsync(string streamKey, StreamQueue queue)
    {
        while (true)
        {
            List<PendingReaction> batch;
            lock (queue)
            {
                if (queue.Waiting.Count == 0)
                {
                    queue.Sending = false;
                    queue.Retired = true;
                    _queues.TryRemove(KeyValuePair.Create(streamKey, queue));
                    return;
                }

                var take = Math.Min(queue.Waiting.Count, MaxRequestsPerCall);
                batch = queue.Waiting.GetRange(0, take);
                queue.Waiting.RemoveRange(0, take);
            }

            try
            {
                var outcomes = await send(streamKey, [.. batch.Select(p => p.Request)]);
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Outcome.TrySetResult(outcomes[i]);
                }
            }
            catch (Exception failure)
            {
                // The call itself failed (a timeout, the silo stopping): every batch it carried fails with it.
                foreach (var pending in batch)
                {
                    pending.Outcome.TrySetException(failure);
                }
            }
        }
    }

    private sealed class StreamQueue
    {
        public List<PendingReaction> Waiting { get; } = [];

        public bool Sending { get; set; }

        public bool Retired { get; set; }
    }

    private sealed class PendingReaction(ReactRequest request)
    {
        public ReactRequest Request { get; } = request;

        public TaskCompletionSource<ReactOutcome> Outcome { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
