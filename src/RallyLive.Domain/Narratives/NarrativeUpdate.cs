namespace RallyLive.Domain.Narratives;

/// <summary>One report from the detector: a narrative snapshot, why it is reported, and which messages it just took.</summary>
/// <param name="Narrative">The narrative as it stands now.</param>
/// <param name="Change">Raised, updated or expired.</param>
/// <param name="AttributedMessageIds">
/// The messages attributed to the narrative by this report: on <see cref="NarrativeChange.Raised"/> every message of the
/// window that made it, afterwards the message just observed; empty for a trend change or an expiry. Accumulated by the
/// caller, they are the cluster an organiser can hand to the moderators.
/// </param>
public sealed record NarrativeUpdate(Narrative Narrative, NarrativeChange Change, IReadOnlyList<string> AttributedMessageIds);
