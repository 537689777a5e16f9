using System.Collections.Immutable;

namespace RallyLive.Abstractions.Sentiment;

/// <summary>Which segment of the run of show is on, and whose it is; sent by the rally when it changes.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.segment-attribution")]
public sealed record SegmentAttribution(
    [property: Id(0)] int? SegmentIndex,
    [property: Id(1)] string? SegmentTitle,
    [property: Id(2)] string? SpeakerId,
    [property: Id(3)] DateTimeOffset At);

/// <summary>
/// One second of the crowd, on one stream or (with a null <see cref="StreamId"/>) the whole rally.
/// <see cref="SentimentIndex"/> is in [-1, 1]; <see cref="Energy"/> is reactions per viewer per minute.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.sentiment-bucket")]
public sealed record SentimentBucket(
    [property: Id(0)] DateTimeOffset Second,
    [property: Id(1)] string? StreamId,
    [property: Id(2)] ImmutableDictionary<string, int> Reactions,
    [property: Id(3)] int ChatMessages,
    [property: Id(4)] double ChatSentimentSum,
    [property: Id(5)] int Viewers,
    [property: Id(6)] double SentimentIndex,
    [property: Id(7)] double Energy,
    [property: Id(8)] int? SegmentIndex,
    [property: Id(9)] string? SpeakerId);

/// <summary>The crowd during one segment, as it goes to the speaker's record.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.segment-summary")]
public sealed record SegmentSummary(
    [property: Id(0)] string RallyId,
    [property: Id(1)] int SegmentIndex,
    [property: Id(2)] string SegmentTitle,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset EndedAt,
    [property: Id(5)] ImmutableDictionary<string, long> Reactions,
    [property: Id(6)] long ChatMessages,
    [property: Id(7)] double MeanSentimentIndex,
    [property: Id(8)] double PeakEnergy);
