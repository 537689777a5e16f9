namespace RallyLive.Domain.Narratives;

/// <summary>
/// Where a narrative's messages stand towards the rally, read from their sentiment scores: an attribute shown to the
/// organiser, never a reason to raise or drop a narrative (coordination is not sentiment, and a campaign's slogan is often
/// worded flatly). See <see cref="NarrativeDetectionOptions.StanceShare"/>.
/// </summary>
public enum NarrativeStance
{
    /// <summary>Neither mostly negative nor mostly positive: flat wording, or mixed.</summary>
    Neutral,

    /// <summary>Mostly negative and few positive messages: against the rally, its speakers or its cause.</summary>
    Opposes,

    /// <summary>Mostly positive and few negative messages.</summary>
    Supports,
}
