using System.Collections.Immutable;
using RallyLive.Abstractions.Sentiment;

namespace RallyLive.Abstractions.Speakers;

/// <summary>A speaker across rallies, keyed by speaker id: name, bio, and how the crowd took each of their segments.</summary>
public interface ISpeakerGrain : IGrainWithStringKey
{
    /// <summary>Sets the speaker's name and bio, as the latest rally to feature them gives them.</summary>
    ValueTask Introduce(string name, string? bio);

    /// <summary>Keeps the crowd's summary of one segment; recording the same segment again replaces it.</summary>
    ValueTask RecordSegment(SegmentSummary summary);

    [ReadOnly]
    ValueTask<SpeakerSnapshot> GetSnapshot();
}

[GenerateSerializer, Immutable, Alias("rallylive.speaker-snapshot")]
public sealed record SpeakerSnapshot(
    [property: Id(0)] string SpeakerId,
    [property: Id(1)] string? Name,
    [property: Id(2)] string? Bio,
    [property: Id(3)] ImmutableArray<SegmentSummary> Segments);
