using System.Collections.Immutable;

namespace RallyLive.Abstractions.Rallies;

public enum RallyStatus
{
    Draft,
    Live,
    Ended,
}

/// <summary>A speaker as the organiser enters them; the id is the speaker's across rallies.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.speaker-input")]
public sealed record SpeakerInput(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? Bio = null);

/// <summary>A livestream of the rally; <paramref name="EmbedUrl"/> is shown to viewers when given.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.stream-input")]
public sealed record StreamInput(
    [property: Id(0)] string Id,
    [property: Id(1)] string Name,
    [property: Id(2)] string? EmbedUrl = null);

/// <summary>One item of the run of show: a speaker's turn, or something else (an installation reveal).</summary>
[GenerateSerializer, Immutable, Alias("rallylive.segment-input")]
public sealed record SegmentInput([property: Id(0)] string Title, [property: Id(1)] string? SpeakerId = null);

/// <summary>Everything an organiser gives to create a rally.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.create-rally-request")]
public sealed record CreateRallyRequest(
    [property: Id(0)] string Title,
    [property: Id(1)] string? Cause,
    [property: Id(2)] ImmutableArray<SpeakerInput> Speakers,
    [property: Id(3)] ImmutableArray<StreamInput> Streams,
    [property: Id(4)] ImmutableArray<SegmentInput> RunOfShow,
    [property: Id(5)] ImmutableArray<ReactionKind> ReactionPalette = default);

/// <summary>A reaction viewers can tap, and the valence it adds to the sentiment index, in [-1, 1].</summary>
[GenerateSerializer, Immutable, Alias("rallylive.reaction-kind")]
public sealed record ReactionKind([property: Id(0)] string Name, [property: Id(1)] double Valence);

[GenerateSerializer, Immutable, Alias("rallylive.segment-view")]
public sealed record SegmentView(
    [property: Id(0)] int Index,
    [property: Id(1)] string Title,
    [property: Id(2)] string? SpeakerId,
    [property: Id(3)] DateTimeOffset? StartedAt,
    [property: Id(4)] DateTimeOffset? EndedAt);

public enum PinKind
{
    Announcement,

    /// <summary>An organiser's answer to a counter-narrative.</summary>
    Response,
}

/// <summary>What an organiser pins for every viewer to see.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.pin-request")]
public sealed record PinRequest(
    [property: Id(0)] string Text,
    [property: Id(1)] PinKind Kind = PinKind.Announcement,
    [property: Id(2)] string? NarrativeId = null);

[GenerateSerializer, Immutable, Alias("rallylive.pinned-item")]
public sealed record PinnedItem(
    [property: Id(0)] string Id,
    [property: Id(1)] string Text,
    [property: Id(2)] PinKind Kind,
    [property: Id(3)] string? NarrativeId,
    [property: Id(4)] DateTimeOffset PinnedAt);

/// <summary>The rally as organisers see it.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.rally-snapshot")]
public sealed record RallySnapshot(
    [property: Id(0)] string RallyId,
    [property: Id(1)] string Title,
    [property: Id(2)] string? Cause,
    [property: Id(3)] RallyStatus Status,
    [property: Id(4)] ImmutableArray<SpeakerInput> Speakers,
    [property: Id(5)] ImmutableArray<StreamInput> Streams,
    [property: Id(6)] ImmutableArray<SegmentView> RunOfShow,
    [property: Id(7)] int? CurrentSegment,
    [property: Id(8)] ImmutableArray<ReactionKind> ReactionPalette,
    [property: Id(9)] ImmutableArray<string> PollIds,
    [property: Id(10)] ImmutableArray<PinnedItem> Pinned);
