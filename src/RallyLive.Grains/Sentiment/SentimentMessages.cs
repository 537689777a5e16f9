using System.Collections.Immutable;

namespace RallyLive.Grains.Sentiment;

/// <summary>Which segment of the run of show is on, and whose it is; sent by the rally when it changes.</summary>
public sealed record SegmentAttribution(int? SegmentIndex, string? SegmentTitle, string? SpeakerId, DateTimeOffset At);

/// <summary>
/// One second of the crowd, on one stream or (with a null <see cref="StreamId"/>) the whole rally.
/// <see cref="SentimentIndex"/> is in [-1, 1]; <see cref="Energy"/> is reactions per viewer per minute.
/// </summary>
public sealed record SentimentBucket(
    DateTimeOffset Second,
    string? StreamId,
    ImmutableDictionary<string, int> Reactions,
    int ChatMessages,
    double ChatSentimentSum,
    int Viewers,
    double SentimentIndex,
    double Energy,
    int? SegmentIndex,
    string? SpeakerId);

/// <summary>The crowd during one segment, as it goes to the speaker's record.</summary>
public sealed record SegmentSummary(
    string RallyId,
    int SegmentIndex,
    string SegmentTitle,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    ImmutableDictionary<string, long> Reactions,
    long ChatMessages,
    double MeanSentimentIndex,
    double PeakEnergy);
