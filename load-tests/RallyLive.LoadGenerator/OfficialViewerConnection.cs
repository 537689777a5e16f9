using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace RallyLive.LoadGenerator;

/// <summary>
/// One viewer over the official .NET SignalR client (Microsoft.AspNetCore.SignalR.Client), set up as lean as it
/// allows: WebSockets only without negotiation, no automatic reconnect, and its WebSocket opened by
/// <see cref="ConnectionFactory.OpenWebSocketAsync"/>, from the same source addresses and with the same socket options
/// as the lean <see cref="LoadConnection"/>. Everything else is the client's own (its ping after 15 s without a send,
/// its 30 s server timeout, its once-a-second timer per connection).
/// </summary>
internal sealed class OfficialViewerConnection : IComparedViewer
{
    private readonly HubConnection _connection;

    private OfficialViewerConnection(HubConnection connection) => _connection = connection;

    public bool IsOpen => _connection.State == HubConnectionState.Connected;

    /// <summary>Connects to <paramref name="hubUrl"/> (the token in its query, as the lean client sends it) and joins the stream as viewer <paramref name="index"/>.</summary>
    public static async Task<OfficialViewerConnection> ConnectAsync(ConnectionFactory sockets, Uri hubUrl, int index, Action<JsonElement> onFrame, CancellationToken cancellationToken)
    {
        var connection = new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, token) => await sockets.OpenWebSocketAsync(context.Uri, cancellationToken: token);
            })
            .Build();
        connection.On<long, JsonElement>("ReactionBurst", (_, frame) => onFrame(frame));
        try
        {
            await connection.StartAsync(cancellationToken);
            await connection.InvokeAsync<JsonElement>("JoinStream", new { streamId = Crowd.StreamId, displayName = $"viewer {index}" }, cancellationToken);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new OfficialViewerConnection(connection);
    }

    public async Task<int> ReactAsync(string kind, CancellationToken cancellationToken)
    {
        var receipt = await _connection.InvokeAsync<JsonElement>("React", new { streamId = Crowd.StreamId, counts = new Dictionary<string, int> { [kind] = 1 } }, cancellationToken);
        return receipt.GetProperty("accepted").GetInt32();
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
