using System.Collections.Immutable;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>
/// A node whose queue holds several frames of one stream sends its viewers one frame carrying all their reactions and
/// chat counts, under the newest frame's number; frames of other streams, and frames sent as they come, are untouched.
/// </summary>
public sealed class PendingFramesTests
{
    private readonly PendingFrames _pending = new();

    private static StreamFrame Frame(string streamId, int second, int viewers, params (string Kind, int Count)[] reactions) =>
        new("r-frames", streamId, DateTimeOffset.UnixEpoch.AddSeconds(second), reactions.ToImmutableDictionary(r => r.Kind, r => r.Count),
            viewers, ChatMessages: reactions.Length, ChatSentimentSum: 0.5 * reactions.Length);

    /// <summary>Queues the frames with their numbers, then sends them in order: what viewers were sent, with its number.</summary>
    private List<(long Sequence, StreamFrame Frame)> QueueThenSend(params (long Sequence, StreamFrame Frame)[] queued)
    {
        foreach (var (sequence, frame) in queued)
        {
            _pending.Queueing(sequence, frame);
        }

        return [.. queued.Select(q => (q.Sequence, Sent: _pending.ForViewers(q.Sequence, q.Frame))).Where(s => s.Sent is not null).Select(s => (s.Sequence, s.Sent!))];
    }

    [Fact]
    public void ThreeWaitingFramesOfAStream_GoOutAsTheNewest_CarryingEveryReaction()
    {
        var sent = QueueThenSend(
            (4, Frame("stage", 1, 100, ("love", 3), ("boo", 1))),
            (5, Frame("stage", 2, 101, ("love", 2))),
            (9, Frame("stage", 3, 99, ("wave", 7), ("love", 1))));

        var (sequence, frame) = Assert.Single(sent);
        Assert.Equal(9, sequence);
        Assert.Equal(new Dictionary<string, int> { ["love"] = 6, ["boo"] = 1, ["wave"] = 7 }, frame.Reactions);
        Assert.Equal(99, frame.Viewers);                                  // the newest count, not a sum
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(3), frame.At);
        Assert.Equal(5, frame.ChatMessages);
        Assert.Equal(2.5, frame.ChatSentimentSum, 6);
    }

    [Fact]
    public void FramesSentAsTheyCome_AllGoOutUnchanged()
    {
        var first = Frame("stage", 1, 10, ("love", 1));
        var second = Frame("stage", 2, 10, ("love", 2));

        Assert.Equal([(1L, first)], QueueThenSend((1, first)));
        Assert.Equal([(2L, second)], QueueThenSend((2, second)));
    }

    [Fact]
    public void FramesOfOtherStreams_AreNeitherMergedNorHeldBack()
    {
        var sent = QueueThenSend((1, Frame("stage", 1, 10, ("love", 1))), (2, Frame("overflow", 1, 5, ("boo", 4))), (3, Frame("stage", 2, 10, ("love", 2))));

        Assert.Equal([2L, 3L], sent.Select(s => s.Sequence));
        Assert.Equal(4, sent[0].Frame.Reactions["boo"]);
        Assert.Equal(3, sent[1].Frame.Reactions["love"]);
    }

    [Fact]
    public void AFrameQueuedWhileTheSenderWasAtAnEarlierOne_TakesWhatThatOneCarried()
    {
        _pending.Queueing(1, Frame("stage", 1, 10, ("love", 1)));
        _pending.Queueing(2, Frame("stage", 2, 10, ("love", 2)));
        Assert.Null(_pending.ForViewers(1, Frame("stage", 1, 10, ("love", 1))));
        _pending.Queueing(3, Frame("stage", 3, 10, ("love", 4)));   // arrives after the sender took frame 1

        Assert.Null(_pending.ForViewers(2, Frame("stage", 2, 10, ("love", 2))));
        Assert.Equal(7, _pending.ForViewers(3, Frame("stage", 3, 10, ("love", 4)))!.Reactions["love"]);
    }
}
