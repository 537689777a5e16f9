using System.Collections.Immutable;
using RallyLive.Domain.Narratives;

namespace RallyLive.Abstractions.Narratives;

/// <summary>
/// A rally's counter-narrative detection, keyed by rally id. Streams feed it their chat once per tick; it
/// surfaces narratives to the organiser, who acknowledges, answers, hands to moderators or dismisses them.
/// It never hides anything: dissent is not abuse.
/// </summary>
public interface ICounterNarrativeGrain : IGrainWithStringKey
{
    /// <summary>Chat messages a stream accepted since its last tick, in time order.</summary>
    // [Immutable]: ChatObservation is a domain record Orleans cannot mark, and nobody changes the batch once sent.
    ValueTask Observe([Immutable] ImmutableArray<ChatObservation> messages);

    /// <summary>Every narrative of the rally, newest first.</summary>
    [ReadOnly]
    ValueTask<IReadOnlyList<NarrativeView>> GetNarratives();

    ValueTask<NarrativeView> Acknowledge(string organiserId, string narrativeId);

    /// <summary>Marks the narrative answered by the rally's pin <paramref name="pinId"/>; the rally calls it as it pins the answer.</summary>
    ValueTask<NarrativeView> Answer(string organiserId, string narrativeId, string pinId);

    /// <summary>Puts the narrative's messages in the moderators' flagged queue.</summary>
    ValueTask<NarrativeView> HandToModerators(string organiserId, string narrativeId);

    ValueTask<NarrativeView> Dismiss(string organiserId, string narrativeId);
}

/// <summary>A narrative with what the organiser did about it.</summary>
/// <param name="Narrative">The narrative as last reported.</param>
/// <param name="HandledBy">The organiser who last handled it, if any.</param>
/// <param name="HandledAt">When they did.</param>
/// <param name="PinnedResponseId">The pin that answered it.</param>
/// <param name="MessageIds">Its messages, the latest 200: what handing it to the moderators flags.</param>
/// <param name="EndedAt">When it was declared ended: quiet for two minutes, the detector stopped following it. Null while live.</param>
/// <param name="NewMessageIds">The delta of this change: the ids of the messages it took since the previous push (empty for a trend change, an end or a handling).</param>
[GenerateSerializer, Immutable, Alias("rallylive.narrative-view")]
public sealed record NarrativeView(
    [property: Id(0), Immutable] Narrative Narrative, // a domain record (serialized by NarrativeSurrogate), immutable
    [property: Id(1)] string? HandledBy,
    [property: Id(2)] DateTimeOffset? HandledAt,
    [property: Id(3)] string? PinnedResponseId,
    [property: Id(4)] ImmutableArray<string> MessageIds,
    [property: Id(5)] DateTimeOffset? EndedAt = null,
    [property: Id(6)] IReadOnlyList<string>? NewMessageIds = null);
