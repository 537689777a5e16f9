using RallyLive.Abstractions.Live;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// The newest tally announcement of each poll waiting in a node's send queue. A poll's announcements carry its whole
/// state, so when sending falls behind (a vote burst to a crowd of thousands), an announcement with a newer one of the
/// same poll behind it in the queue can be skipped: its viewers go straight to the newer tallies, and hear of them
/// sooner. Clients take any gap in sequence numbers in their stride. Only tally announcements are skipped, never a poll
/// opening or closing. Written by the nodes' enqueuers, read by the one sender.
/// </summary>
public sealed class PendingPollTallies
{
    private readonly NewestQueued<(string RallyId, string PollId)> _newest = new();

    /// <summary>Notes an announcement about to be queued; call before queueing it, so the sender never misses it.</summary>
    public void Queueing(long sequence, PollChanged changed)
    {
        if (changed.TalliesOnly)
        {
            _newest.Queueing(KeyOf(changed), sequence);
        }
    }

    /// <summary>Whether the sender may skip this announcement because a newer tally announcement of its poll is queued.</summary>
    public bool IsSuperseded(long sequence, PollChanged changed) =>
        changed.TalliesOnly && _newest.HasNewer(KeyOf(changed), sequence);

    private static (string RallyId, string PollId) KeyOf(PollChanged changed) => (changed.RallyId, changed.Poll.PollId);
}
