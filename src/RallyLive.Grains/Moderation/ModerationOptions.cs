namespace RallyLive.Grains.Moderation;

/// <summary>Limits of moderation. Bound from <c>RallyLive:Moderation</c>.</summary>
public sealed class ModerationOptions
{
    public const string SectionName = "RallyLive:Moderation";

    public int MaxSlowModeSeconds { get; set; } = 600;

    public TimeSpan MaxTimeout { get; set; } = TimeSpan.FromDays(1);

    public int MaxBlockedTerms { get; set; } = 500;

    public int MaxBlockedTermLength { get; set; } = 60;

    public int MaxReasonLength { get; set; } = 200;

    /// <summary>How many audit entries the console shows without paging.</summary>
    public int RecentAuditCount { get; set; } = 100;

    /// <summary>How many viewers' display names moderation keeps (from messages acted on or flagged) to name them in audit lines.</summary>
    public int ViewerNamesKept { get; set; } = 5000;

    /// <summary>How many of the latest audit lines a viewer's history (their card in the console) is looked for in.</summary>
    public int ViewerHistoryScanned { get; set; } = 5000;
}
