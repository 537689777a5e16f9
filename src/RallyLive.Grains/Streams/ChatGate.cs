using RallyLive.Abstractions;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Grains.Streams;

/// <summary>
/// Decides what happens to a joined viewer's chat message under the rally's chat rules: refused with a typed error
/// (timed out, too soon in slow mode), or stored visible or held for a moderator, with the reason. A banned viewer
/// never gets this far: the stream refuses them as it refuses everything they send.
/// </summary>
internal static class ChatGate
{
    public static (ChatMessageState State, string? Reason) Admit(
        ChatPolicy policy, string viewerId, DateTimeOffset joinedAt, DateTimeOffset? lastMessageAt, DateTimeOffset now, IReadOnlyList<string> blockedTermsFound)
    {
        if (policy.TimedOutUntil.TryGetValue(viewerId, out var until) && until > now)
        {
            throw new RallyException(RallyErrorCode.ViewerTimedOut, $"You are timed out until {until:u}.");
        }

        if (policy.SlowModeInterval is { } interval && lastMessageAt is { } last && now - last < interval)
        {
            throw new RallyException(RallyErrorCode.SlowModeActive, $"Slow mode: one message every {interval.TotalSeconds:0} seconds.");
        }

        if (blockedTermsFound.Count > 0)
        {
            return (ChatMessageState.Held, "blocked term: " + string.Join(", ", blockedTermsFound));
        }

        if (policy.HoldForReview)
        {
            return (ChatMessageState.Held, "held for review");
        }

        return policy.ShieldModeSince is { } since && joinedAt >= since
            ? (ChatMessageState.Held, "shield mode: joined after it began")
            : (ChatMessageState.Visible, null);
    }
}
