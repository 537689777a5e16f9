namespace RallyLive.Grains.Moderation;

/// <summary>The rally's chat rules; the audit log and flags are records beside it.</summary>
public sealed class ModerationState
{
    /// <summary>The rally's streams, handed over by the rally when it was created; empty for a rally never opened.</summary>
    public List<string> StreamIds { get; set; } = [];

    public int SlowModeSeconds { get; set; }

    public bool HoldForReview { get; set; }

    public DateTimeOffset? ShieldModeSince { get; set; }

    public List<string> BlockedTerms { get; set; } = [];

    public HashSet<string> BannedViewers { get; set; } = [];

    public Dictionary<string, DateTimeOffset> TimedOutUntil { get; set; } = [];

    public long LastAuditSequence { get; set; }

    /// <summary>Moderators' names by id, as the rally added them: audit lines name who acted.</summary>
    public Dictionary<string, string> ModeratorNames { get; set; } = [];

    /// <summary>Display names of viewers seen in messages acted on or flagged (the most recent few thousand): audit lines name whom.</summary>
    public Dictionary<string, string> ViewerNames { get; set; } = [];
}
