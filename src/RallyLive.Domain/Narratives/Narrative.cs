namespace RallyLive.Domain.Narratives;

/// <summary>
/// One detected narrative, as the organiser sees it: a snapshot, immutable, taken when the detector reports it.
/// </summary>
/// <param name="Id">Stable for the narrative's life in one detector ("n-1", "n-2", ...).</param>
/// <param name="Kind">How it was recognised.</param>
/// <param name="RepresentativeText">The text that best stands for it: its most repeated message, or for a sentiment surge a description.</param>
/// <param name="MessageCount">Messages attributed to it since it was first seen.</param>
/// <param name="DistinctViewers">Distinct viewers among those messages.</param>
/// <param name="Streams">The streams it appeared on, in ordinal order.</param>
/// <param name="FirstSeen">Time of its earliest attributed message.</param>
/// <param name="LastSeen">Time of its latest attributed message.</param>
/// <param name="Trend">Its message rate in the last trend window against the window before.</param>
/// <param name="Samples">A few of its messages as posted, distinct after normalisation, earliest first.</param>
/// <param name="MeanSentiment">Mean sentiment of its messages, in [-1, 1].</param>
/// <param name="Status">Left to the caller; the detector always reports <see cref="NarrativeStatus.Open"/>.</param>
/// <param name="Stance">Where its messages stand towards the rally, read from their sentiment: an attribute, not why it was raised.</param>
public sealed record Narrative(
    string Id,
    NarrativeKind Kind,
    string RepresentativeText,
    int MessageCount,
    int DistinctViewers,
    IReadOnlyList<string> Streams,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    NarrativeTrend Trend,
    IReadOnlyList<string> Samples,
    double MeanSentiment,
    NarrativeStatus Status = NarrativeStatus.Open,
    NarrativeStance Stance = NarrativeStance.Neutral);
