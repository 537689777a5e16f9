using System.Collections.Immutable;

namespace RallyLive.Simulator.Scenarios;

/// <summary>
/// A scenario file: one rally as its organiser creates it, and the crowd's beats over time. Times are offsets
/// from the start of the run (<c>"00:02:30"</c>). The simulator scales the crowd by <see cref="Viewers"/>.
/// </summary>
public sealed record Scenario(string Name, RallySetup Rally, int Viewers, ImmutableArray<Beat> Beats);

/// <summary>The rally to create, in the shape of the API's <c>CreateRallyRequest</c>.</summary>
public sealed record RallySetup(
    string Title,
    ImmutableArray<StreamSetup> Streams,
    string? Cause = null,
    ImmutableArray<SpeakerSetup> Speakers = default,
    ImmutableArray<SegmentSetup> RunOfShow = default);

public sealed record SpeakerSetup(string Id, string Name, string? Bio = null);

public sealed record StreamSetup(string Id, string Name, string? EmbedUrl = null);

public sealed record SegmentSetup(string Title, string? SpeakerId = null);

/// <summary>What the organiser does when a beat starts.</summary>
public enum OrganiserAction
{
    None,
    GoLive,
    NextSegment,
    End,
}

/// <summary>
/// A stretch of the rally with a steady crowd: how many viewers are watching which stream, how much they react and
/// chat, and optionally a poll the organiser runs or a coordinated campaign.
/// </summary>
public sealed record Beat(
    string Label,
    TimeSpan At,
    TimeSpan Duration,
    double AudienceShare,
    ImmutableDictionary<string, double> StreamShares,
    OrganiserAction Action = OrganiserAction.None,
    double ReactionsPerViewerPerMinute = 0,
    ImmutableDictionary<string, double>? ReactionMix = null,
    double ChatPerViewerPerMinute = 0,
    ImmutableArray<string> ChatLines = default,
    PollBeat? Poll = null,
    CampaignBeat? Campaign = null,
    QuestionsBeat? Questions = null);

/// <summary>A poll opened at the beat's start and closed at its end; <see cref="Answers"/> are the shares of voters per option.</summary>
public sealed record PollBeat(string Question, ImmutableArray<string> Options, ImmutableArray<double> Answers);

/// <summary>
/// Questions watchers ask during the beat: a moderator approves each, a share of the watchers upvote them (the first
/// listed most), and the organiser puts question <see cref="Show"/> (counting from zero) on screen near the beat's end.
/// </summary>
public sealed record QuestionsBeat(ImmutableArray<string> Asked, double UpvoteShare = 0.3, int Show = 0);

public enum CampaignKind
{
    /// <summary>Many accounts posting near-identical slogans.</summary>
    Slogan,

    /// <summary>Many accounts pushing one claim in different words.</summary>
    Paraphrase,

    /// <summary>A burst of brand-new viewers who all chat at once.</summary>
    Raid,
}

/// <summary>A coordinated campaign on one stream, starting <see cref="After"/> into the beat.</summary>
public sealed record CampaignBeat(CampaignKind Kind, string Stream, int Accounts, TimeSpan After, TimeSpan Within, ImmutableArray<string> Lines);
