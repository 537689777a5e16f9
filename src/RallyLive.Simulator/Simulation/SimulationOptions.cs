namespace RallyLive.Simulator.Simulation;

/// <summary>How to play a scenario against the server at <paramref name="Server"/>.</summary>
public sealed record SimulationOptions(Uri Server)
{
    /// <summary>The audience; null for the scenario's own (campaign accounts come on top).</summary>
    public int? Viewers { get; init; }

    /// <summary>
    /// How many times faster than real time the scenario plays. Keep 1 to judge the crowd's signals: faster play squeezes
    /// organic chat into bursts that look like campaigns to the server's detectors.
    /// </summary>
    public double Speed { get; init; } = 1;

    /// <summary>The seed of every choice of the crowd (who joins where, what they tap, say and vote).</summary>
    public int Seed { get; init; } = 1;

    /// <summary>
    /// How long an audience viewer stays silent after joining a stream, in real time, so that an audience pouring in is
    /// not taken for a raid (the server counts a viewer who chats within 20 s of joining as a newcomer).
    /// </summary>
    public TimeSpan QuietAfterJoining { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>How often the scheduler wakes to send what is due.</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Most calls (HTTP requests and hub invocations) under way at once.</summary>
    public int MaxConcurrentCalls { get; init; } = 64;

    /// <summary>How long one call may take before it counts as a connection failure.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Every problem with these options, empty when they can be used.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (Server is null || !Server.IsAbsoluteUri || Server.Scheme is not ("http" or "https"))
        {
            problems.Add($"the server must be an http:// or https:// URL, not '{Server}'");
        }

        if (Viewers is < 1 or > 1_000_000)
        {
            problems.Add($"viewers must be 1 to 1,000,000, not {Viewers}");
        }

        if (!(Speed is > 0 and <= 1000))
        {
            problems.Add($"speed must be above 0 and at most 1000, not {Speed}");
        }

        if (QuietAfterJoining < TimeSpan.Zero || Tick <= TimeSpan.Zero || RequestTimeout <= TimeSpan.Zero || MaxConcurrentCalls < 1)
        {
            problems.Add("quiet after joining, tick, request timeout and concurrent calls must be positive");
        }

        return problems;
    }
}

/// <summary>The rally a simulation created, with the keys to look at it.</summary>
public sealed record SimulatedRally(Uri Server, string RallyId, string OrganiserKey, string ModeratorId, string ModeratorKey);

/// <summary>Where a run is: scenario time, the beat on, viewers connected, calls per second, refusals and failures so far.</summary>
public sealed record SimulationProgress(TimeSpan ScenarioTime, TimeSpan ScenarioLength, string Beat, int ViewersConnected, double MessagesPerSecond, int Refusals, int ConnectionFailures);

/// <summary>A poll as the crowd played it: the votes planned per option and those the server acknowledged (the tally it must show).</summary>
public sealed record PollResult(string Beat, string PollId, string Question, IReadOnlyList<string> Options, IReadOnlyList<int> Planned, IReadOnlyList<int> Accepted);

/// <summary>A campaign as played: messages its accounts sent and the server accepted.</summary>
public sealed record CampaignResult(string Beat, Scenarios.CampaignKind Kind, string Stream, int Accounts, int MessagesSent, int MessagesAccepted)
{
    /// <summary>The ids of the campaign's accepted messages, to match against the narratives the server detects.</summary>
    public IReadOnlySet<string> MessageIds { get; init; } = new HashSet<string>();
}

/// <summary>
/// What a whole run did: the polls with the votes the server acknowledged, chat and reactions accepted, the campaigns,
/// calls refused and failed, calls sent, distinct viewers who joined, chat lines and taps held back because their viewer
/// was not connected, planned votes the server did not acknowledge, and the run's real duration.
/// </summary>
public sealed record SimulationResult(
    SimulatedRally Rally,
    IReadOnlyList<PollResult> Polls,
    long ChatAccepted,
    long ReactionsAccepted,
    IReadOnlyList<CampaignResult> Campaigns,
    int Refusals,
    int ConnectionFailures,
    long CallsSent,
    int ViewersJoined,
    long ChatHeldBack,
    long TapsHeldBack,
    int VotesNotCast,
    TimeSpan Elapsed)
{
    /// <summary>The viewers' questions: planned and approved, upvotes planned and counted, questions put on screen.</summary>
    public QuestionsResult Questions { get; init; } = new(0, 0, 0, 0, 0);
}

/// <summary>What became of the scenario's questions: <see cref="Approved"/> were asked and approved, <see cref="Shown"/> put on screen.</summary>
public sealed record QuestionsResult(int Planned, int Approved, int UpvotesPlanned, int UpvotesCounted, int Shown);
