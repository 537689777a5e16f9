using System.Threading.Channels;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// What a node's sender takes from its queue at once: every event queued when the batch starts (more than one when
/// sending fell behind, or while the node sheds load and lets a batch gather, see <see cref="DeliveryPace"/>). Within a
/// batch a stream's frame with a later frame of the same stream is not sent to viewers on its own: its reactions and
/// chat counts go into that later frame, which goes out under its own number, so viewers get fewer frames with every
/// tap counted once. A poll's tally announcement with a later one of the same poll in the batch is skipped (each
/// carries the poll's whole state; never an opening or closing). Nothing is held over to another batch, so nothing
/// waits longer than one. Clients take the gaps in sequence numbers in their stride. Touched only by the sender.
/// </summary>
public sealed class SendBatch
{
    private readonly List<NumberedEvent> _events = [];
    private readonly Dictionary<(string RallyId, string StreamId), long> _lastFrames = [];
    private readonly Dictionary<(string RallyId, string PollId), long> _lastTallies = [];
    private readonly Dictionary<(string RallyId, string StreamId), StreamFrame> _carried = [];

    /// <summary>The batch's events, in the order they were queued.</summary>
    public IReadOnlyList<NumberedEvent> Events => _events;

    /// <summary>Takes what is queued now as the next batch (what arrives meanwhile waits for the one after).</summary>
    public void Take(ChannelReader<NumberedEvent> queue)
    {
        ArgumentNullException.ThrowIfNull(queue);
        Clear();
        for (var left = queue.Count; left > 0 && queue.TryRead(out var numbered); left--)
        {
            _events.Add(numbered);
            switch (numbered.Event)
            {
                case StreamFramed { ForViewers: true } framed:
                    _lastFrames[KeyOf(framed.Frame)] = numbered.Sequence;
                    break;
                case PollChanged { TalliesOnly: true } tallies:
                    _lastTallies[KeyOf(tallies)] = numbered.Sequence;
                    break;
            }
        }
    }

    /// <summary>
    /// The frame viewers are sent for this one (a frame <see cref="StreamFramed.ForViewers"/>): null when a later frame of
    /// its stream for viewers is in the batch (this one's counts go into it), else this one with the counts of the
    /// earlier ones.
    /// </summary>
    public StreamFrame? FrameForViewers(long sequence, StreamFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var key = KeyOf(frame);
        var merged = _carried.Remove(key, out var carried) ? Merge(carried, frame) : frame;
        if (_lastFrames.GetValueOrDefault(key, sequence) != sequence)
        {
            _carried[key] = merged;
            return null;
        }

        return merged;
    }

    /// <summary>Whether this tally announcement may be skipped: a later one of its poll is in the batch.</summary>
    public bool IsSuperseded(long sequence, PollChanged changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        return changed.TalliesOnly && _lastTallies.GetValueOrDefault(KeyOf(changed), sequence) != sequence;
    }

    /// <summary>The later frame's moment and viewer count, with the reactions and chat counts of both.</summary>
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

    private void Clear()
    {
        _events.Clear();
        _lastFrames.Clear();
        _lastTallies.Clear();
        _carried.Clear();
    }

    private static (string RallyId, string StreamId) KeyOf(StreamFrame frame) => (frame.RallyId, frame.StreamId);

    private static (string RallyId, string PollId) KeyOf(PollChanged changed) => (changed.RallyId, changed.Poll.PollId);
}
