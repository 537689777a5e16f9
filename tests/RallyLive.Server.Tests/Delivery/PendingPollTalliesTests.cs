using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Polls;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>
/// A node that falls behind skips a poll's tally announcement when a newer one of the same poll waits behind it, and
/// nothing else: not the newest, not another poll's, never a poll opening or closing.
/// </summary>
public sealed class PendingPollTalliesTests
{
    private readonly PendingPollTallies _pending = new();

    private static PollChanged Tallies(string pollId, params int[] tallies) =>
        new(Poll(pollId, ResultsVisibility.Live, PollStatus.Open, tallies), TalliesOnly: true);

    private static PollSnapshot Poll(string pollId, ResultsVisibility visibility, PollStatus status, params int[] tallies) =>
        new(pollId, "r-polls", "Which route first?", ["North", "South"], visibility, status, [.. tallies], tallies.Sum(), null, null);

    /// <summary>Queues the announcements with their numbers, then sends them in order: the numbers that went out.</summary>
    private List<long> QueueThenSend(params (long Sequence, PollChanged Changed)[] queued)
    {
        foreach (var (sequence, changed) in queued)
        {
            _pending.Queueing(sequence, changed);
        }

        return [.. queued.Where(q => !_pending.IsSuperseded(q.Sequence, q.Changed)).Select(q => q.Sequence)];
    }

    [Fact]
    public void OfThreeWaitingTallies_OnlyTheNewestGoesOut()
    {
        Assert.Equal([3], QueueThenSend((1, Tallies("p1", 1, 0)), (2, Tallies("p1", 2, 0)), (3, Tallies("p1", 2, 1))));
    }

    [Fact]
    public void TalliesSentAsTheyCome_AllGoOut()
    {
        Assert.Equal([1], QueueThenSend((1, Tallies("p1", 1, 0))));
        Assert.Equal([2], QueueThenSend((2, Tallies("p1", 2, 0))));
        Assert.Equal([3], QueueThenSend((3, Tallies("p1", 2, 1))));
    }

    [Fact]
    public void AnotherPollsTallies_DoNotSupersedeThisOnes()
    {
        Assert.Equal([1, 2], QueueThenSend((1, Tallies("p1", 1, 0)), (2, Tallies("p2", 0, 1))));
    }

    [Fact]
    public void OpeningAndClosing_AreNeverSkipped()
    {
        var opened = new PollChanged(Poll("p1", ResultsVisibility.Live, PollStatus.Open, 0, 0));
        var closed = new PollChanged(Poll("p1", ResultsVisibility.Live, PollStatus.Closed, 3, 1));

        Assert.Equal([1, 3, 4], QueueThenSend((1, opened), (2, Tallies("p1", 1, 0)), (3, Tallies("p1", 3, 1)), (4, closed)));
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
