using System.Collections.Concurrent;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// The newest sequence number queued under each key of a node's send queue, so the one sender can tell an event that a
/// newer one of the same key will follow (and may be skipped or merged into it) from the last one. Written by the
/// enqueuers before they queue, read by the sender.
/// </summary>
internal sealed class NewestQueued<TKey>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, long> _newest = new();

    /// <summary>Notes an event about to be queued; call before queueing it, so the sender never misses it.</summary>
    public void Queueing(TKey key, long sequence) =>
        _newest.AddOrUpdate(key, sequence, (_, newest) => Math.Max(newest, sequence));

    /// <summary>
    /// Whether a newer event of <paramref name="key"/> is queued behind this one; when not, and this is the newest, the
    /// key is forgotten until its next event.
    /// </summary>
    public bool HasNewer(TKey key, long sequence)
    {
        if (_newest.TryGetValue(key, out var newest) && newest > sequence)
        {
            return true;
        }

        _newest.TryRemove(KeyValuePair.Create(key, sequence));
        return false;
    }
}
