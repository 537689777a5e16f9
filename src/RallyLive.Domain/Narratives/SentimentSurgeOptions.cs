namespace RallyLive.Domain.Narratives;

/// <summary>
/// Thresholds of the opposing-sentiment-surge detector: a stream's chat mood over a short window, compared with the same
/// stream's own mood over the minutes before (so that a stream that is always critical is not a surge).
/// </summary>
public sealed record SentimentSurgeOptions
{
    /// <summary>The short window whose mean sentiment is compared with the baseline.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How far back the stream's usual mood is measured (excluding the short window itself).</summary>
    public TimeSpan BaselineWindow { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>No surge before the baseline holds this many messages: a stream's first minute has no "usual" yet.</summary>
    public int MinimumBaselineMessages { get; init; } = 60;

    /// <summary>
    /// How far the window's mean must fall below the baseline's, on the [-1, 1] scale. A crowd drifting from warm (+0.4)
    /// to cool (+0.2) as the speaker changes is normal; a fall of 0.4 within half a minute is not.
    /// </summary>
    public double MinimumDrop { get; init; } = 0.4;

    /// <summary>The window's mean must also be at most this: a surge is opposing, not merely less enthusiastic.</summary>
    public double MaximumWindowMean { get; init; }

    /// <summary>Fewest distinct viewers in the window: a handful of angry viewers on a quiet stream is not a surge.</summary>
    public int MinimumDistinctViewers { get; init; } = 12;
}
