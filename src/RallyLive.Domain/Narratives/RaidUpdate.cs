namespace RallyLive.Domain.Narratives;

/// <summary>What one observation did to a raid.</summary>
/// <param name="Signal">The raid as it stands.</param>
/// <param name="IsNew">True when this observation raised the raid.</param>
/// <param name="AttributedMessages">On raising, every message its viewers have posted so far; afterwards the observed message.</param>
public sealed record RaidUpdate(RaidSignal Signal, bool IsNew, IReadOnlyList<ChatObservation> AttributedMessages);
