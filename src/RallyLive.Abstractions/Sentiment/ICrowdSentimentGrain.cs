using System.Collections.Immutable;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Abstractions.Sentiment;

/// <summary>
/// A rally's crowd sentiment, keyed by rally id: 1-second buckets per stream and for the whole rally, built
/// from the streams' tick frames and attributed to the segment on stage; the whole timeline is kept.
/// </summary>
public interface ICrowdSentimentGrain : IGrainWithStringKey
{
    /// <summary>The rally hands over its reaction palette (each kind's valence) when it is created.</summary>
    ValueTask Open(ImmutableArray<ReactionKind> palette);

    /// <summary>Adds one stream tick to its second's buckets.</summary>
    ValueTask Record(StreamFrame frame);

    /// <summary>The rally moved to another segment (or ended, with a null index).</summary>
    ValueTask SegmentChanged(SegmentAttribution attribution);

    /// <summary>The completed buckets of one stream, or of the rally when <paramref name="streamId"/> is null, oldest first.</summary>
    [ReadOnly]
    ValueTask<IReadOnlyList<SentimentBucket>> GetTimeline(string? streamId);

    /// <summary>The most recent completed buckets, for a dashboard that (re)connects.</summary>
    [ReadOnly]
    ValueTask<IReadOnlyList<SentimentBucket>> GetRecent(TimeSpan window);
}
