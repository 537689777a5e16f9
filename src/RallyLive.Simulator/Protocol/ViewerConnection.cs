namespace RallyLive.Simulator.Protocol;

/// <summary>
/// One viewer on the viewer hub (<c>/hubs/viewer</c>): join and leave streams, react (taps gathered in a
/// <see cref="TapBatch"/> and sent at most once per quarter second by the caller), chat and vote. A refused call throws
/// <see cref="HubCallException"/> with the server's code.
/// </summary>
public sealed class ViewerConnection : IAsyncDisposable
{
    private readonly RallyHubConnection _hub;

    private ViewerConnection(RallyHubConnection hub, string viewerId)
    {
        _hub = hub;
        ViewerId = viewerId;
    }

    public string ViewerId { get; }

    /// <summary>Taps not yet sent.</summary>
    public TapBatch Taps { get; } = new();

    /// <summary>Completes when the connection has closed, with the server's reason if it gave one.</summary>
    public Task<string?> Closed => _hub.Closed;

    /// <summary>
    /// Opens the viewer hub of <paramref name="server"/> with the token of a viewer who joined through the API; throws
    /// <see cref="ServerUnavailableException"/> when the server does not accept the connection.
    /// </summary>
    public static async Task<ViewerConnection> ConnectAsync(Uri server, JoinedViewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return new ViewerConnection(await RallyHubConnection.ConnectAsync(server, "viewer", viewer.ViewerToken, cancellationToken), viewer.ViewerId);
    }

    /// <summary>Joins (or rejoins) a stream and starts receiving its messages; returns the catch-up's sequence.</summary>
    public async Task<long> JoinStreamAsync(string streamId, string displayName, CancellationToken cancellationToken = default) =>
        (await _hub.InvokeAsync<CatchUp>("JoinStream", new JoinStreamRequest(streamId, displayName), cancellationToken)).Sequence;

    public Task LeaveStreamAsync(string streamId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync("LeaveStream", new LeaveStreamRequest(streamId), cancellationToken);

    /// <summary>Sends the waiting taps as one <c>React</c> call (nothing when none wait); returns how many the server counted.</summary>
    public async Task<int> SendTapsAsync(string streamId, CancellationToken cancellationToken = default)
    {
        var counts = Taps.Take();
        if (counts.Count == 0)
        {
            return 0;
        }

        return (await _hub.InvokeAsync<ReactReceipt>("React", new ReactRequest(streamId, counts), cancellationToken)).Accepted;
    }

    /// <summary>Sends a chat line; the answer is the message as the server stored it.</summary>
    public Task<SentChat> ChatAsync(string streamId, string text, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<SentChat>("SendChat", new SendChatRequest(streamId, text), cancellationToken);

    /// <summary>Votes; returns the option that counts for this viewer now.</summary>
    public async Task<int> VoteAsync(string pollId, int optionIndex, CancellationToken cancellationToken = default) =>
        (await _hub.InvokeAsync<VoteReceipt>("Vote", new VoteRequest(pollId, optionIndex), cancellationToken)).OptionIndex;

    /// <summary>Asks a question on the stream the viewer watches; it waits for a moderator.</summary>
    public Task<AskedQuestion> AskQuestionAsync(string streamId, string text, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<AskedQuestion>("AskQuestion", new AskQuestionRequest(streamId, text), cancellationToken);

    /// <summary>Upvotes an approved question; returns whether this upvote counted (a second one does not).</summary>
    public async Task<bool> UpvoteQuestionAsync(string questionId, CancellationToken cancellationToken = default) =>
        (await _hub.InvokeAsync<UpvoteReceipt>("UpvoteQuestion", new QuestionRequest(questionId), cancellationToken)).Counted;

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    // The viewer hub's requests and the parts of its answers the simulator reads (docs/protocol.md). The simulator talks
    // to any RallyLive server and does not reference the server's assembly, so these mirror its Realtime/HubCalls.cs.

    private sealed record JoinStreamRequest(string StreamId, string DisplayName);

    private sealed record LeaveStreamRequest(string StreamId);

    private sealed record ReactRequest(string StreamId, IReadOnlyDictionary<string, int> Counts);

    private sealed record SendChatRequest(string StreamId, string Text);

    private sealed record VoteRequest(string PollId, int OptionIndex);

    private sealed record CatchUp(long Sequence);

    private sealed record ReactReceipt(int Accepted);

    private sealed record VoteReceipt(int OptionIndex, bool Changed);

    private sealed record AskQuestionRequest(string StreamId, string Text);

    private sealed record QuestionRequest(string QuestionId);

    private sealed record UpvoteReceipt(string QuestionId, int Upvotes, bool Counted);
}
