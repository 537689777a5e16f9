namespace RallyLive.Grains.Narratives;

/// <summary>One chat message as the counter-narrative detector sees it: already accepted by the stream, already scored.</summary>
/// <param name="MessageId">The message's id, so that a narrative can be traced back to its messages (and handed to moderators).</param>
/// <param name="At">When the message was sent. Observations are expected in time order; an earlier time counts as the latest seen.</param>
/// <param name="StreamId">The stream the message was posted on.</param>
/// <param name="ViewerId">Who posted it: distinct viewers, not messages, are what make a narrative.</param>
/// <param name="ViewerJoinedAt">When that viewer joined the stream: a raid is a burst of viewers who have only just joined.</param>
/// <param name="Text">The message as posted; the detector normalises it with <see cref="NarrativeDetectionOptions.Normalizer"/>.</param>
/// <param name="Sentiment">The message's sentiment in [-1, 1] from the sentiment scorer.</param>
[GenerateSerializer, Immutable, Alias("rallylive.chat-observation")]
public sealed record ChatObservation(
    [property: Id(0)] string MessageId,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string StreamId,
    [property: Id(3)] string ViewerId,
    [property: Id(4)] DateTimeOffset ViewerJoinedAt,
    [property: Id(5)] string Text,
    [property: Id(6)] double Sentiment);
