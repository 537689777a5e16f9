using RallyLive.Abstractions.Streams;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// Merges a stream's frames for its viewers when more than one waits in a node's send queue: sending fell behind, or the
/// node sends in batches while it sheds load (<see cref="DeliveryPace"/>). A frame with a newer frame of its stream
/// queued behind it is not sent to viewers; its reactions and chat counts are carried into that newer frame, which goes
/// out under its own, higher sequence number. Viewers get fewer frames, every tap still counted once. Written by the
/// enqueuers (<see cref="Queueing"/>), read by the one sender.
/// </summary>
public sealed class PendingFrames
{
    private readonly NewestQueued<(string RallyId, string StreamId)> _newest = new();

    /// <summary>Frames taken out of the queue but not yet sent to viewers, merged; touched only by the sender.</summary>
    private readonly Dictionary<(string RallyId, string StreamId), StreamFrame> _carried = [];

    /// <summary>Notes a frame about to be queued; call before queueing it, so the sender never misses it.</summary>
    public void Queueing(long sequence, StreamFrame frame) => _newest.Queueing(KeyOf(frame), sequence);

    /// <summary>
    /// The frame viewers are sent now: this one with whatever earlier frames of its stream were carried, or null when a
    /// newer frame of the stream is queued and this one is carried into it.
    /// </summary>
    public StreamFrame? ForViewers(long sequence, StreamFrame frame)
    {
        var key = KeyOf(frame);
        var merged = _carried.Remove(key, out var carried) ? Merge(carried, frame) : frame;
        if (_newest.HasNewer(key, sequence))
        {
            _carried[key] = merged;
            return null;
        }

        return merged;
    }

    /// <summary>The later frame's moment and viewer count, with the reactions and chat of both.</summary>
    public static StreamFrame Merge(StreamFrame earlier, StreamFrame later)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        ArgumentNullException.ThrowIfNull(later);
        var reactions = earlier.Reactions.ToBuilder();
        foreach (var (kind, count) in later.Reactions)
        {
            reactions[kind] = reactions.GetValueOrDefault(kind) + count;
        }

        return later with
        {
            Reactions = reactions.ToImmutable(),
            ChatMessages = earlier.ChatMessages + later.ChatMessages,
            ChatSentimentSum = earlier.ChatSentimentSum + later.ChatSentimentSum,
        };
    }

    private static (string RallyId, string StreamId) KeyOf(StreamFrame frame) => (frame.RallyId, frame.StreamId);
}
