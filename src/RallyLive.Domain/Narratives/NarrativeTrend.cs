namespace RallyLive.Domain.Narratives;

/// <summary>Where a narrative is heading: its message rate in the last trend window against the window before.</summary>
public enum NarrativeTrend
{
    /// <summary>Clearly more messages than in the window before (see <see cref="NarrativeDetectionOptions.RisingRatio"/>).</summary>
    Rising,

    /// <summary>About as many messages as in the window before.</summary>
    Steady,

    /// <summary>Clearly fewer messages than in the window before, or none at all (see <see cref="NarrativeDetectionOptions.FallingRatio"/>).</summary>
    Falling,
}
