namespace RallyLive.Domain.Narratives;

/// <summary>A message inside the cluster window: what the text clustering computed for it, and who has claimed it.</summary>
internal sealed class TextMessage(long key, ChatObservation observation, DateTimeOffset at, string normalizedText, IReadOnlyList<string> contentWords, MinHashSignature signature)
{
    public long Key => key;

    public ChatObservation Observation => observation;

    /// <summary>The observation's time, clamped to never go back: the order of every window queue.</summary>
    public DateTimeOffset At => at;

    public string NormalizedText => normalizedText;

    public IReadOnlyList<string> ContentWords => contentWords;

    public MinHashSignature Signature => signature;

    /// <summary>The near-duplicate cluster it is in; changes when its cluster is merged into another.</summary>
    public required DuplicateCluster Cluster { get; set; }

    /// <summary>Keys of the <see cref="ThemePair"/>s this message counts in.</summary>
    public required IReadOnlyList<string> PairKeys { get; init; }

    /// <summary>The text narrative this message is attributed to: at most one (near-duplicate or paraphrase).</summary>
    public NarrativeState? Narrative { get; set; }

    /// <summary>A raid took it after it was clustered (its author turned out to have arrived with a raid).</summary>
    public bool TakenByRaid { get; set; }

    /// <summary>No text narrative holds it and no raid took it: it may still make or join one.</summary>
    public bool IsFree => Narrative is null && !TakenByRaid;
}
