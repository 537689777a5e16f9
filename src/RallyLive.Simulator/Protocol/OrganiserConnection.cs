namespace RallyLive.Simulator.Protocol;

/// <summary>
/// The organiser on the organiser hub (<c>/hubs/organiser</c>): run the show (go live, next segment, end), create,
/// open and close polls, and read the control panel (catch-up, polls with tallies, narratives). A refused call throws
/// <see cref="HubCallException"/> with the server's code.
/// </summary>
public sealed class OrganiserConnection : IAsyncDisposable
{
    private readonly RallyHubConnection _hub;

    private OrganiserConnection(RallyHubConnection hub) => _hub = hub;

    /// <summary>Opens the organiser hub; throws <see cref="ServerUnavailableException"/> when the server does not accept the connection.</summary>
    public static async Task<OrganiserConnection> ConnectAsync(Uri server, string organiserKey, CancellationToken cancellationToken = default) =>
        new(await RallyHubConnection.ConnectAsync(server, "organiser", organiserKey, cancellationToken));

    /// <summary>Completes when the connection has closed, with the server's reason if it gave one.</summary>
    public Task<string?> Closed => _hub.Closed;

    public Task<RallyState> GoLiveAsync(CancellationToken cancellationToken = default) => _hub.InvokeAsync<RallyState>("GoLive", null, cancellationToken);

    public Task<RallyState> NextSegmentAsync(CancellationToken cancellationToken = default) => _hub.InvokeAsync<RallyState>("NextSegment", null, cancellationToken);

    public Task<RallyState> EndRallyAsync(CancellationToken cancellationToken = default) => _hub.InvokeAsync<RallyState>("EndRally", null, cancellationToken);

    /// <summary>Creates a poll whose tallies viewers see live; it stays a draft until opened.</summary>
    public Task<PollState> CreatePollAsync(string question, IReadOnlyList<string> options, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<PollState>("CreatePoll", new CreatePollRequest(question, options, "Live"), cancellationToken);

    public Task<PollState> OpenPollAsync(string pollId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<PollState>("OpenPoll", new PollRequest(pollId), cancellationToken);

    public Task<PollState> ClosePollAsync(string pollId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<PollState>("ClosePoll", new PollRequest(pollId), cancellationToken);

    public Task<PollState> GetPollAsync(string pollId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<PollState>("GetPoll", new PollRequest(pollId), cancellationToken);

    /// <summary>Puts an approved question on screen for every viewer.</summary>
    public Task<AskedQuestion> ShowQuestionAsync(string questionId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<AskedQuestion>("ShowQuestion", new QuestionRequest(questionId), cancellationToken);

    /// <summary>Every question of the rally, pending ones included.</summary>
    public Task<IReadOnlyList<AskedQuestion>> GetQuestionsAsync(CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<IReadOnlyList<AskedQuestion>>("GetQuestions", null, cancellationToken);

    public async Task<IReadOnlyList<NarrativeState>> GetNarrativesAsync(CancellationToken cancellationToken = default) =>
        [.. (await _hub.InvokeAsync<IReadOnlyList<NarrativeView>>("GetNarratives", null, cancellationToken)).Select(n => n.ToState())];

    /// <summary>The whole control panel, as a (re)connecting organiser gets it.</summary>
    public async Task<OrganiserState> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var state = await _hub.InvokeAsync<CatchUp>("CatchUp", null, cancellationToken);
        return new OrganiserState(state.Sequence, state.Rally, state.Polls, [.. state.Narratives.Select(n => n.ToState())]);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    // The organiser hub's requests and the parts of its answers the simulator reads (docs/protocol.md), mirroring the
    // server's Realtime/HubCalls.cs (the simulator does not reference the server's assembly).

    private sealed record PollRequest(string PollId);

    private sealed record QuestionRequest(string QuestionId);

    /// <summary><see cref="Visibility"/> is <c>Live</c> or <c>AtClose</c>.</summary>
    private sealed record CreatePollRequest(string Question, IReadOnlyList<string> Options, string Visibility);

    private sealed record CatchUp(long Sequence, RallyState Rally, IReadOnlyList<PollState> Polls, IReadOnlyList<NarrativeView> Narratives);

    /// <summary>A narrative as the hub sends it: the detection, and the ids of the messages it groups.</summary>
    private sealed record NarrativeView(DetectedNarrative Narrative, IReadOnlyList<string> MessageIds)
    {
        public NarrativeState ToState() => new(
            Narrative.Id, Narrative.Kind, Narrative.RepresentativeText ?? string.Empty, Narrative.MessageCount, Narrative.DistinctViewers, Narrative.Streams, MessageIds);
    }

    private sealed record DetectedNarrative(string Id, string Kind, string? RepresentativeText, int MessageCount, int DistinctViewers, IReadOnlyList<string> Streams);
}
