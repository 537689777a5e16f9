namespace RallyLive.Domain.Narratives;

/// <summary>Messages the text clustering attributed to a narrative in one step; <paramref name="Raised"/> when it made the narrative.</summary>
internal readonly record struct TextAttribution(NarrativeState Narrative, bool Raised, IReadOnlyList<TextMessage> Messages);
