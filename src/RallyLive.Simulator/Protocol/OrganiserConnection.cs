using System.Text.Json;

namespace RallyLive.Simulator.Protocol;

/// <summary>
/// The organiser on the organiser hub (<c>/hubs/organiser</c>): run the show (go live, next segment, end), create,
/// open and close polls, and read the control panel (catch-up, polls with tallies, narratives).
/// </summary>
public sealed class OrganiserConnection : IAsyncDisposable
{
    private readonly HubClient _hub;

    private OrganiserConnection(HubClient hub) => _hub = hub;

    public static async Task<OrganiserConnection> ConnectAsync(Uri server, string organiserKey, CancellationToken cancellationToken = default) =>
        new(await HubClient.ConnectAsync(ViewerConnection.HubUrl(server, "organiser"), organiserKey, cancellationToken));

    /// <summary>Completes when the connection has closed.</summary>
    public Task<string?> Closed => _hub.Closed;

    public async Task<RallyState> GoLiveAsync(CancellationToken cancellationToken = default) => ReadRally(await _hub.InvokeAsync("GoLive", null, cancellationToken));

    public async Task<RallyState> NextSegmentAsync(CancellationToken cancellationToken = default) => ReadRally(await _hub.InvokeAsync("NextSegment", null, cancellationToken));

    public async Task<RallyState> EndRallyAsync(CancellationToken cancellationToken = default) => ReadRally(await _hub.InvokeAsync("EndRally", null, cancellationToken));

    /// <summary>Creates a poll whose tallies viewers see live; it stays a draft until opened.</summary>
    public async Task<PollState> CreatePollAsync(string question, IReadOnlyList<string> options, CancellationToken cancellationToken = default) =>
        ReadPoll(await _hub.InvokeAsync("CreatePoll", new { question, options, visibility = "Live" }, cancellationToken));

    public async Task<PollState> OpenPollAsync(string pollId, CancellationToken cancellationToken = default) => ReadPoll(await _hub.InvokeAsync("OpenPoll", new { pollId }, cancellationToken));

    public async Task<PollState> ClosePollAsync(string pollId, CancellationToken cancellationToken = default) => ReadPoll(await _hub.InvokeAsync("ClosePoll", new { pollId }, cancellationToken));

    public async Task<PollState> GetPollAsync(string pollId, CancellationToken cancellationToken = default) => ReadPoll(await _hub.InvokeAsync("GetPoll", new { pollId }, cancellationToken));

    public async Task<IReadOnlyList<NarrativeState>> GetNarrativesAsync(CancellationToken cancellationToken = default) =>
        [.. (await _hub.InvokeAsync("GetNarratives", null, cancellationToken)).EnumerateArray().Select(ReadNarrative)];

    /// <summary>The whole control panel, as a (re)connecting organiser gets it.</summary>
    public async Task<OrganiserState> CatchUpAsync(CancellationToken cancellationToken = default)
    {
        var state = await _hub.InvokeAsync("CatchUp", null, cancellationToken);
        return new OrganiserState(
            state.GetProperty("sequence").GetInt64(),
            ReadRally(state.GetProperty("rally")),
            [.. state.GetProperty("polls").EnumerateArray().Select(ReadPoll)],
            [.. state.GetProperty("narratives").EnumerateArray().Select(ReadNarrative)]);
    }

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private static RallyState ReadRally(JsonElement rally) => rally.Deserialize<RallyState>(RallyApiClient.Json)!;

    private static PollState ReadPoll(JsonElement poll) => poll.Deserialize<PollState>(RallyApiClient.Json)!;

    private static NarrativeState ReadNarrative(JsonElement view)
    {
        var narrative = view.GetProperty("narrative");
        return new NarrativeState(
            narrative.GetProperty("id").GetString()!,
            narrative.GetProperty("kind").GetString()!,
            narrative.GetProperty("representativeText").GetString() ?? string.Empty,
            narrative.GetProperty("messageCount").GetInt32(),
            narrative.GetProperty("distinctViewers").GetInt32(),
            [.. narrative.GetProperty("streams").EnumerateArray().Select(s => s.GetString()!)],
            [.. view.GetProperty("messageIds").EnumerateArray().Select(m => m.GetString()!)]);
    }
}
