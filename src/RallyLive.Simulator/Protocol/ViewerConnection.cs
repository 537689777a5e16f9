using System.Text.Json;

namespace RallyLive.Simulator.Protocol;

/// <summary>
/// One viewer on the viewer hub (<c>/hubs/viewer</c>): join and leave streams, react (taps gathered in a
/// <see cref="TapBatch"/> and sent at most once per quarter second by the caller), chat and vote. A refused call throws
/// <see cref="HubCallException"/> with the server's code.
/// </summary>
public sealed class ViewerConnection : IAsyncDisposable
{
    private readonly HubClient _hub;

    private ViewerConnection(HubClient hub, string viewerId)
    {
        _hub = hub;
        ViewerId = viewerId;
    }

    public string ViewerId { get; }

    /// <summary>Taps not yet sent.</summary>
    public TapBatch Taps { get; } = new();

    /// <summary>Completes when the connection has closed, with the server's reason if it gave one.</summary>
    public Task<string?> Closed => _hub.Closed;

    /// <summary>Opens the viewer hub of <paramref name="server"/> with the token of a viewer who joined through the API.</summary>
    public static async Task<ViewerConnection> ConnectAsync(Uri server, JoinedViewer viewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(viewer);
        return new ViewerConnection(await HubClient.ConnectAsync(HubUrl(server, "viewer"), viewer.ViewerToken, cancellationToken), viewer.ViewerId);
    }

    /// <summary>Joins (or rejoins) a stream and starts receiving its messages; returns the catch-up's sequence.</summary>
    public async Task<long> JoinStreamAsync(string streamId, string displayName, CancellationToken cancellationToken = default) =>
        (await _hub.InvokeAsync("JoinStream", new { streamId, displayName }, cancellationToken)).GetProperty("sequence").GetInt64();

    public Task LeaveStreamAsync(string streamId, CancellationToken cancellationToken = default) =>
        _hub.InvokeAsync("LeaveStream", new { streamId }, cancellationToken);

    /// <summary>Sends the waiting taps as one <c>React</c> call (nothing when none wait); returns how many the server counted.</summary>
    public async Task<int> SendTapsAsync(string streamId, CancellationToken cancellationToken = default)
    {
        var counts = Taps.Take();
        if (counts.Count == 0)
        {
            return 0;
        }

        return (await _hub.InvokeAsync("React", new { streamId, counts }, cancellationToken)).GetProperty("accepted").GetInt32();
    }

    public async Task<SentChat> ChatAsync(string streamId, string text, CancellationToken cancellationToken = default)
    {
        var message = await _hub.InvokeAsync("SendChat", new { streamId, text }, cancellationToken);
        return new SentChat(message.GetProperty("id").GetString()!, message.GetProperty("state").GetString()!);
    }

    /// <summary>Votes; returns the option that counts for this viewer now.</summary>
    public async Task<int> VoteAsync(string pollId, int optionIndex, CancellationToken cancellationToken = default) =>
        (await _hub.InvokeAsync("Vote", new { pollId, optionIndex }, cancellationToken)).GetProperty("optionIndex").GetInt32();

    /// <summary>Handles messages the server sends to this viewer (<c>ReactionBurst</c>, <c>ChatMessage</c>, …).</summary>
    public void On(string target, Action<JsonElement[]> handler) => _hub.On(target, handler);

    public ValueTask DisposeAsync() => _hub.DisposeAsync();

    internal static Uri HubUrl(Uri server, string hub)
    {
        ArgumentNullException.ThrowIfNull(server);
        return new Uri($"{server.GetLeftPart(UriPartial.Authority)}/hubs/{hub}");
    }
}
