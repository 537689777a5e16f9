namespace RallyLive.Domain.Narratives;

/// <summary>What shape of coordination a narrative was recognised by.</summary>
public enum NarrativeKind
{
    /// <summary>Many viewers posting the same slogan, give or take case, punctuation, emoji, a word or a typo.</summary>
    NearDuplicate,

    /// <summary>Many viewers pushing the same claim in different wordings (a talking point that shares its key words).</summary>
    Paraphrase,

    /// <summary>A burst of viewers who have only just joined a stream and all chat at once.</summary>
    Raid,

    /// <summary>A stream's chat turning sharply more negative than its own recent mood, across many viewers.</summary>
    OpposingSentimentSurge,
}
