using System.Collections.Immutable;
using System.Threading.Channels;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>
/// A batch the sender takes from its queue sends each stream's viewers one frame carrying all the batch's reactions and
/// chat counts, under the last frame's number, and each poll's last tallies only (never skipping an opening or a
/// closing); nothing of another stream, poll or batch is touched, and nothing is held over to the next batch.
/// </summary>
public sealed class SendBatchTests
{
    private readonly Channel<NumberedEvent> _queue = Channel.CreateUnbounded<NumberedEvent>();
    private readonly SendBatch _batch = new();

    private static StreamFramed Frame(string streamId, int second, int viewers, params (string Kind, int Count)[] reactions) =>
        new(new StreamFrame("r-batch", streamId, DateTimeOffset.UnixEpoch.AddSeconds(second), reactions.ToImmutableDictionary(r => r.Kind, r => r.Count),
            viewers, ChatMessages: reactions.Length, ChatSentimentSum: 0.5 * reactions.Length));

    private static PollChanged Tallies(string pollId, params int[] tallies) =>
        new(Poll(pollId, ResultsVisibility.Live, PollStatus.Open, tallies), TalliesOnly: true);

    private static PollSnapshot Poll(string pollId, ResultsVisibility visibility, PollStatus status, params int[] tallies) =>
        new(pollId, "r-batch", "Which route first?", ["North", "South"], visibility, status, [.. tallies], tallies.Sum(), null, null);

    /// <summary>Queues the events with their numbers, takes them as one batch, and sends it: what viewers were sent, with its number.</summary>
    private List<(long Sequence, RallyEvent Sent)> QueueThenSend(params (long Sequence, RallyEvent Event)[] queued)
    {
        foreach (var (sequence, rallyEvent) in queued)
        {
            _queue.Writer.TryWrite(new NumberedEvent(sequence, rallyEvent));
        }

        _batch.Take(_queue.Reader);
        var sent = new List<(long, RallyEvent)>();
        foreach (var (sequence, rallyEvent) in _batch.Events)
        {
            switch (rallyEvent)
            {
                case StreamFramed { ForViewers: true } framed when _batch.FrameForViewers(sequence, framed.Frame) is { } frame:
                    sent.Add((sequence, new StreamFramed(frame)));
                    break;
                case PollChanged changed when !_batch.IsSuperseded(sequence, changed):
                    sent.Add((sequence, changed));
                    break;
            }
        }

        return sent;
    }

    [Fact]
    public void ThreeFramesOfAStreamInABatch_GoOutAsTheLast_CarryingEveryReaction()
    {
        var sent = QueueThenSend(
            (4, Frame("stage", 1, 100, ("love", 3), ("boo", 1))),
            (5, Frame("stage", 2, 101, ("love", 2))),
            (9, Frame("stage", 3, 99, ("wave", 7), ("love", 1))));

        var (sequence, sentEvent) = Assert.Single(sent);
        var frame = Assert.IsType<StreamFramed>(sentEvent).Frame;
        Assert.Equal(9, sequence);
        Assert.Equal(new Dictionary<string, int> { ["love"] = 6, ["boo"] = 1, ["wave"] = 7 }, frame.Reactions);
        Assert.Equal(99, frame.Viewers);                                  // the last count, not a sum
        Assert.Equal(DateTimeOffset.UnixEpoch.AddSeconds(3), frame.At);
        Assert.Equal(5, frame.ChatMessages);
        Assert.Equal(2.5, frame.ChatSentimentSum, 6);
    }

    [Fact]
    public void AFrameForOrganisersOnly_AfterOneWithReactions_NeitherTakesTheirPlaceNorIsSentToViewers()
    {
        // A count-only frame viewers are told of later (StreamOptions.ViewerCountInterval) must not swallow the taps before it.
        var reactions = Frame("stage", 1, 100, ("love", 3));
        var countOnly = Frame("stage", 2, 140) with { ForViewers = false };

        var sent = QueueThenSend((4, reactions), (5, countOnly));

        Assert.Equal([(4L, (RallyEvent)reactions)], sent);
    }

    [Fact]
    public void FramesInBatchesOfTheirOwn_AllGoOutUnchanged_NothingHeldOver()
    {
        var first = Frame("stage", 1, 10, ("love", 1));
        var second = Frame("stage", 2, 10, ("love", 2));

        Assert.Equal([(1L, (RallyEvent)first)], QueueThenSend((1, first)));
        Assert.Equal([(2L, (RallyEvent)second)], QueueThenSend((2, second)));
    }

    [Fact]
    public void FramesOfOtherStreams_AreNeitherMergedNorHeldBack()
    {
        var sent = QueueThenSend((1, Frame("stage", 1, 10, ("love", 1))), (2, Frame("overflow", 1, 5, ("boo", 4))), (3, Frame("stage", 2, 10, ("love", 2))));

        Assert.Equal([2L, 3L], sent.Select(s => s.Sequence));
        Assert.Equal(4, ((StreamFramed)sent[0].Sent).Frame.Reactions["boo"]);
        Assert.Equal(3, ((StreamFramed)sent[1].Sent).Frame.Reactions["love"]);
    }

    [Fact]
    public void AFrameQueuedWhileABatchIsSent_WaitsForTheNext_WithoutHoldingThatBatchsFramesBack()
    {
        _queue.Writer.TryWrite(new NumberedEvent(1, Frame("stage", 1, 10, ("love", 1))));
        _queue.Writer.TryWrite(new NumberedEvent(2, Frame("stage", 2, 10, ("love", 2))));
        _batch.Take(_queue.Reader);
        _queue.Writer.TryWrite(new NumberedEvent(3, Frame("stage", 3, 10, ("love", 4))));   // arrives during the batch

        Assert.Null(_batch.FrameForViewers(1, ((StreamFramed)_batch.Events[0].Event).Frame));
        Assert.Equal(3, _batch.FrameForViewers(2, ((StreamFramed)_batch.Events[1].Event).Frame)!.Reactions["love"]);
        Assert.Equal([3L], QueueThenSend().Select(s => s.Sequence));
    }

    [Fact]
    public void OfThreeTalliesOfAPollInABatch_OnlyTheLastGoesOut()
    {
        Assert.Equal([3L], QueueThenSend((1, Tallies("p1", 1, 0)), (2, Tallies("p1", 2, 0)), (3, Tallies("p1", 2, 1))).Select(s => s.Sequence));
    }

    [Fact]
    public void TalliesInBatchesOfTheirOwn_AllGoOut()
    {
        Assert.Equal([1L], QueueThenSend((1, Tallies("p1", 1, 0))).Select(s => s.Sequence));
        Assert.Equal([2L], QueueThenSend((2, Tallies("p1", 2, 0))).Select(s => s.Sequence));
    }

    [Fact]
    public void AnotherPollsTallies_DoNotSupersedeThisOnes()
    {
        Assert.Equal([1L, 2L], QueueThenSend((1, Tallies("p1", 1, 0)), (2, Tallies("p2", 0, 1))).Select(s => s.Sequence));
    }

    [Fact]
    public void OpeningAndClosing_AreNeverSkipped()
    {
        var opened = new PollChanged(Poll("p1", ResultsVisibility.Live, PollStatus.Open, 0, 0));
        var closed = new PollChanged(Poll("p1", ResultsVisibility.Live, PollStatus.Closed, 3, 1));

        Assert.Equal([1L, 3L, 4L], QueueThenSend((1, opened), (2, Tallies("p1", 1, 0)), (3, Tallies("p1", 3, 1)), (4, closed)).Select(s => s.Sequence));
    }

    [Theory]
    [InlineData(ResultsVisibility.Live, PollStatus.Open, true, true)]
    [InlineData(ResultsVisibility.AtClose, PollStatus.Open, true, false)]
    [InlineData(ResultsVisibility.AtClose, PollStatus.Open, false, true)]
    [InlineData(ResultsVisibility.AtClose, PollStatus.Closed, true, true)]
    public void ViewersHearOfTallies_OnlyWhenTheyMaySeeThem(ResultsVisibility visibility, PollStatus status, bool talliesOnly, bool viewersSeeAChange)
    {
        var changed = new PollChanged(Poll("p1", visibility, status, 2, 1), talliesOnly);

        Assert.Equal(viewersSeeAChange, changed.ChangesWhatViewersSee);
    }
}
