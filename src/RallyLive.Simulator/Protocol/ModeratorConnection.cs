namespace RallyLive.Simulator.Protocol;

/// <summary>
/// A moderator on the moderator hub (<c>/hubs/moderator</c>), as far as the simulator acts as one: approving viewers'
/// questions. A refused call throws <see cref="HubCallException"/> with the server's code.
/// </summary>
public sealed class ModeratorConnection : IAsyncDisposable
{
    private readonly RallyHubConnection _hub;

    private ModeratorConnection(RallyHubConnection hub) => _hub = hub;

    /// <summary>Opens the moderator hub; throws <see cref="ServerUnavailableException"/> when the server does not accept the connection.</summary>
    public static async Task<ModeratorConnection> ConnectAsync(Uri server, string moderatorKey, CancellationToken cancellationToken = default) =>
        new(await RallyHubConnection.ConnectAsync(server, "moderator", moderatorKey, cancellationToken));

    /// <summary>Completes when the connection has closed, with the server's reason if it gave one.</summary>
    public Task<string?> Closed => _hub.Closed;

    public Task<AskedQuestion> ApproveQuestionAsync(string questionId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync<AskedQuestion>("ApproveQuestion", new QuestionRequest(questionId), cancellationToken);

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    private sealed record QuestionRequest(string QuestionId);
}
