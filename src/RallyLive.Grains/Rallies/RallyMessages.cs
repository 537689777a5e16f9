using System.Collections.Immutable;

namespace RallyLive.Grains.Rallies;

public enum RallyStatus
{
    Draft,
    Live,
    Ended,
}

/// <summary>A speaker as the organiser enters them; the id is the speaker's across rallies.</summary>
public sealed record SpeakerInput(string Id, string Name, string? Bio = null);

/// <summary>A livestream of the rally; <paramref name="EmbedUrl"/> is shown to viewers when given.</summary>
public sealed record StreamInput(string Id, string Name, string? EmbedUrl = null);

/// <summary>One item of the run of show: a speaker's turn, or something else (an installation reveal).</summary>
public sealed record SegmentInput(string Title, string? SpeakerId = null);

/// <summary>Everything an organiser gives to create a rally.</summary>
public sealed record CreateRallyRequest(
    string Title,
    string? Cause,
    ImmutableArray<SpeakerInput> Speakers,
    ImmutableArray<StreamInput> Streams,
    ImmutableArray<SegmentInput> RunOfShow,
    ImmutableArray<ReactionKind> ReactionPalette = default);

/// <summary>A reaction viewers can tap, and the valence it adds to the sentiment index, in [-1, 1].</summary>
public sealed record ReactionKind(string Name, double Valence);

public sealed record SegmentView(int Index, string Title, string? SpeakerId, DateTimeOffset? StartedAt, DateTimeOffset? EndedAt);

public enum PinKind
{
    Announcement,

    /// <summary>An organiser's answer to a counter-narrative.</summary>
    Response,
}

/// <summary>What an organiser pins for every viewer to see.</summary>
public sealed record PinRequest(string Text, PinKind Kind = PinKind.Announcement, string? NarrativeId = null);

public sealed record PinnedItem(string Id, string Text, PinKind Kind, string? NarrativeId, DateTimeOffset PinnedAt);

/// <summary>The rally as organisers see it.</summary>
public sealed record RallySnapshot(
    string RallyId,
    string Title,
    string? Cause,
    RallyStatus Status,
    ImmutableArray<SpeakerInput> Speakers,
    ImmutableArray<StreamInput> Streams,
    ImmutableArray<SegmentView> RunOfShow,
    int? CurrentSegment,
    ImmutableArray<ReactionKind> ReactionPalette,
    ImmutableArray<string> PollIds,
    ImmutableArray<PinnedItem> Pinned);
