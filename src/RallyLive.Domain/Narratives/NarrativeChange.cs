namespace RallyLive.Domain.Narratives;

/// <summary>Why the detector reports a narrative.</summary>
public enum NarrativeChange
{
    /// <summary>First report: the narrative has just crossed its thresholds.</summary>
    Raised,

    /// <summary>It grew (a new message joined it) or its trend changed.</summary>
    Updated,

    /// <summary>It has been quiet for <see cref="NarrativeDetectionOptions.NarrativeIdleExpiry"/>; the detector forgets it.</summary>
    Expired,
}
