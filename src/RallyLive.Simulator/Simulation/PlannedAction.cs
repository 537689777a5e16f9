namespace RallyLive.Simulator.Simulation;

/// <summary>What a <see cref="PlannedAction"/> does.</summary>
public enum PlannedActionKind : byte
{
    /// <summary>A viewer joins <see cref="PlannedAction.Stream"/> (through the API, then the viewer hub).</summary>
    Join,

    /// <summary>A watching viewer moves to <see cref="PlannedAction.Stream"/>.</summary>
    SwitchStream,

    /// <summary>A viewer leaves their stream and closes their connection.</summary>
    Leave,

    /// <summary>A viewer taps reaction <see cref="PlannedAction.Item"/> (an index of <see cref="CrowdPlan.Reactions"/>).</summary>
    Tap,

    /// <summary>A viewer says line <see cref="PlannedAction.Item"/> (of <see cref="CrowdPlan.Lines"/>); <see cref="PlannedAction.Option"/> is the campaign, or -1.</summary>
    Chat,

    /// <summary>A viewer votes for option <see cref="PlannedAction.Option"/> of poll <see cref="PlannedAction.Item"/>.</summary>
    Vote,

    /// <summary>The organiser does the action of beat <see cref="PlannedAction.Item"/> (go live, next segment, end).</summary>
    Organiser,

    /// <summary>The organiser creates and opens poll <see cref="PlannedAction.Item"/>.</summary>
    OpenPoll,

    /// <summary>The organiser closes poll <see cref="PlannedAction.Item"/>.</summary>
    ClosePoll,

    /// <summary>A viewer asks question <see cref="PlannedAction.Item"/> (of <see cref="CrowdPlan.Questions"/>).</summary>
    AskQuestion,

    /// <summary>The moderator approves question <see cref="PlannedAction.Item"/> once it has been asked.</summary>
    ApproveQuestion,

    /// <summary>A viewer upvotes question <see cref="PlannedAction.Item"/> once it is approved.</summary>
    UpvoteQuestion,

    /// <summary>The organiser puts question <see cref="PlannedAction.Item"/> on screen once it is approved.</summary>
    ShowQuestion,
}

/// <summary>One thing that happens at <see cref="At"/> (scenario time); <see cref="Viewer"/> is -1 for the organiser's actions.</summary>
public readonly record struct PlannedAction(TimeSpan At, PlannedActionKind Kind, int Viewer = -1, int Stream = -1, int Item = -1, int Option = -1);

/// <summary>Who a simulated viewer is.</summary>
public enum ViewerRole : byte
{
    /// <summary>Part of the organic crowd: watches, reacts, chats after a quiet while, votes.</summary>
    Audience,

    /// <summary>An account of a slogan or paraphrase campaign: joins ahead of it, posts its line, stays.</summary>
    CampaignAccount,

    /// <summary>A raider: joins during the raid and chats at once.</summary>
    Raider,
}

/// <summary>A simulated viewer: its index in <see cref="CrowdPlan.Viewers"/>, display name, role, and campaign (or -1).</summary>
public sealed record PlannedViewer(int Index, string DisplayName, ViewerRole Role, int Campaign = -1);

/// <summary>A poll the organiser runs during beat <see cref="Beat"/>; <see cref="Planned"/> are the votes to cast per option.</summary>
public sealed record PlannedPoll(string Beat, string Question, IReadOnlyList<string> Options, IReadOnlyList<int> Planned);

/// <summary>A question viewer <see cref="Asker"/> asks during beat <see cref="Beat"/>; <see cref="Upvotes"/> watchers are to upvote it.</summary>
public sealed record PlannedQuestion(string Beat, string Text, int Asker, int Upvotes);

/// <summary>A coordinated campaign: its accounts post <see cref="Messages"/> messages on <see cref="Stream"/>.</summary>
public sealed record PlannedCampaign(string Beat, Scenarios.CampaignKind Kind, string Stream, int Accounts, int Messages);
