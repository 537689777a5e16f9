using System.Collections.Immutable;
using RallyLive.Grains.Moderation;
using RallyLive.Grains.Narratives;
using RallyLive.Grains.Polls;
using RallyLive.Grains.Sentiment;

namespace RallyLive.Grains.Rallies;

/// <summary>
/// The post-event report: the rally, its crowd second by second (for the rally and per stream), how each
/// speaker's segments were received, the polls, the counter-narratives and how each was handled, and every
/// moderation action.
/// </summary>
public sealed record RallyReport(
    RallySnapshot Rally,
    DateTimeOffset GeneratedAt,
    ImmutableDictionary<string, long> ReactionTotals,
    ImmutableArray<SentimentBucket> Timeline,
    ImmutableDictionary<string, ImmutableArray<SentimentBucket>> StreamTimelines,
    ImmutableArray<SpeakerReport> Speakers,
    ImmutableArray<PollSnapshot> Polls,
    ImmutableArray<NarrativeView> Narratives,
    ImmutableArray<AuditEntry> ModerationActions);

/// <summary>One speaker's segments in this rally.</summary>
public sealed record SpeakerReport(string SpeakerId, string Name, ImmutableArray<SegmentSummary> Segments);
