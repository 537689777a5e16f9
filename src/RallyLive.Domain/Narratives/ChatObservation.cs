namespace RallyLive.Domain.Narratives;

/// <summary>One chat message as the counter-narrative detector sees it: already accepted by the stream, already scored.</summary>
/// <param name="MessageId">The message's id, so that a narrative can be traced back to its messages (and handed to moderators).</param>
/// <param name="At">When the message was sent. Observations are expected in time order; an earlier time counts as the latest seen.</param>
/// <param name="StreamId">The stream the message was posted on.</param>
/// <param name="ViewerId">Who posted it: distinct viewers, not messages, are what make a narrative.</param>
/// <param name="ViewerJoinedAt">When that viewer joined the stream: a raid is a burst of viewers who have only just joined.</param>
/// <param name="Text">The message as posted; the detector normalises it with <see cref="NarrativeDetectionOptions.Normalizer"/>.</param>
/// <param name="Sentiment">The message's sentiment in [-1, 1] from the sentiment scorer.</param>
public sealed record ChatObservation(
    string MessageId,
    DateTimeOffset At,
    string StreamId,
    string ViewerId,
    DateTimeOffset ViewerJoinedAt,
    string Text,
    double Sentiment);
