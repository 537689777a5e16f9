using System.Collections.Immutable;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Sentiment;

namespace RallyLive.Abstractions.Rallies;

/// <summary>
/// The post-event report: the rally, its crowd second by second (for the rally and per stream), how each
/// speaker's segments were received, the polls, the viewers' questions, the counter-narratives and how each was handled, and every
/// moderation action.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.rally-report")]
public sealed record RallyReport(
    [property: Id(0)] RallySnapshot Rally,
    [property: Id(1)] DateTimeOffset GeneratedAt,
    [property: Id(2)] ImmutableDictionary<string, long> ReactionTotals,
    [property: Id(3)] ImmutableArray<SentimentBucket> Timeline,
    [property: Id(4)] ImmutableDictionary<string, ImmutableArray<SentimentBucket>> StreamTimelines,
    [property: Id(5)] ImmutableArray<SpeakerReport> Speakers,
    [property: Id(6)] ImmutableArray<PollSnapshot> Polls,
    [property: Id(7)] ImmutableArray<NarrativeView> Narratives,
    [property: Id(8)] ImmutableArray<AuditEntry> ModerationActions,
    [property: Id(9)] QuestionsReport Questions);

/// <summary>One speaker's segments in this rally.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.speaker-report")]
public sealed record SpeakerReport(
    [property: Id(0)] string SpeakerId,
    [property: Id(1)] string Name,
    [property: Id(2)] ImmutableArray<SegmentSummary> Segments);
