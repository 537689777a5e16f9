using RallyLive.Domain.Narratives;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>The kinds of coordinated campaign the synthetic chat can contain.</summary>
public enum CampaignKind
{
    /// <summary>(a) Many accounts post one slogan with small edits ("the mini-lab is unsafe").</summary>
    NearIdenticalSlogan,

    /// <summary>(b) Many accounts push one claim in many wordings ("he was paid to switch sides").</summary>
    ParaphrasedTalkingPoint,

    /// <summary>(c) A crowd of brand-new viewers arrives on one stream and chats at once.</summary>
    Raid,
}

/// <summary>A campaign to mix into the organic chat.</summary>
/// <param name="Id">Its label on every message it posts.</param>
/// <param name="Kind">What it does.</param>
/// <param name="StreamId">Its main stream (slogans and talking points spill a quarter of their messages onto the others).</param>
/// <param name="Start">Offset from the start of the chat at which its accounts start posting.</param>
/// <param name="Accounts">How many accounts take part.</param>
public sealed record CampaignPlan(string Id, CampaignKind Kind, string StreamId, TimeSpan Start, int Accounts);

/// <summary>Parameters of one synthetic chat.</summary>
public sealed record SyntheticChatOptions
{
    public required int Seed { get; init; }

    /// <summary>Organic viewers over the whole chat (a quarter of them only watch).</summary>
    public int Viewers { get; init; } = 450;

    public TimeSpan Duration { get; init; } = TimeSpan.FromMinutes(10);

    public DateTimeOffset Start { get; init; } = new(2150, 6, 1, 18, 0, 0, TimeSpan.Zero);

    /// <summary>The streams, with the share of organic viewers each draws (the main stage first).</summary>
    public IReadOnlyList<(string StreamId, double Share)> Streams { get; init; } =
        [("main-stage", 0.55), ("kira-live", 0.30), ("street-cam", 0.15)];

    public IReadOnlyList<CampaignPlan> Campaigns { get; init; } = [];
}

/// <summary>One generated message with its ground truth.</summary>
/// <param name="Observation">What the detector is fed.</param>
/// <param name="CampaignId">The campaign that posted it, or null for organic chat.</param>
/// <param name="Kind">That campaign's kind.</param>
/// <param name="Cover">An ordinary line a campaign account wrote besides the campaign's own (see the rally generator).</param>
public sealed record LabelledChatMessage(ChatObservation Observation, string? CampaignId, CampaignKind? Kind, bool Cover = false);

/// <summary>A campaign as it was generated.</summary>
/// <param name="Plan">What was asked for.</param>
/// <param name="FirstMessageAt">Its first message: the start its detection latency is measured from.</param>
/// <param name="MessageCount">Messages it posted.</param>
public sealed record GeneratedCampaign(CampaignPlan Plan, DateTimeOffset FirstMessageAt, int MessageCount);

/// <summary>A labelled synthetic chat: every message in time order, and the campaigns in it.</summary>
public sealed record SyntheticChat(int Seed, IReadOnlyList<LabelledChatMessage> Messages, IReadOnlyList<GeneratedCampaign> Campaigns);
