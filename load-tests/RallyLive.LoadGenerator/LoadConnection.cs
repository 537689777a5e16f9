using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace RallyLive.LoadGenerator;

/// <summary>
/// One hub connection of the load generator over the official .NET SignalR client, set up as lean as it allows:
/// WebSockets only, without negotiation, no automatic reconnect (a lost viewer counts as lost), its WebSocket opened
/// by <see cref="ConnectionFactory"/> (source addresses, small buffers). The client pings and times out on its own
/// (15 s and 30 s). The stream's messages (a sequence number and a payload) reach one callback with the payload as
/// JSON, so that the generator checks what was on the wire; a refused call or a lost connection throws
/// <see cref="LoadCallException"/>.
/// </summary>
internal sealed class LoadConnection : IAsyncDisposable
{
    /// <summary>The viewer messages the generator counts; every one carries (sequence, payload).</summary>
    private static readonly string[] StreamMessages = ["ReactionBurst", "ChatMessage"];
    private static readonly Type[] SequenceAndPayload = [typeof(long), typeof(JsonElement)];

    private readonly HubConnection _hub;
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private LoadConnection(HubConnection hub)
    {
        _hub = hub;
        _hub.Closed += error =>
        {
            _closed.TrySetResult(error?.Message);
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the connection has closed, with the reason when it closed on an error.</summary>
    public Task<string?> Closed => _closed.Task;

    public bool IsOpen => _hub.State == HubConnectionState.Connected;

    /// <summary>
    /// Starts <paramref name="hub"/> (not yet started, and owned from now on) with <paramref name="onMessage"/> called,
    /// on the connection's receive loop, for each stream message: its target, sequence number and payload.
    /// </summary>
    public static async Task<LoadConnection> StartAsync(HubConnection hub, Action<string, long, JsonElement>? onMessage, CancellationToken cancellationToken)
    {
        var connection = new LoadConnection(hub);
        if (onMessage is not null)
        {
            foreach (var target in StreamMessages)
            {
                hub.On(target, SequenceAndPayload, (arguments, state) =>
                {
                    onMessage((string)state, (long)arguments[0]!, (JsonElement)arguments[1]!);
                    return Task.CompletedTask;
                }, target);
            }
        }

        try
        {
            await hub.StartAsync(cancellationToken);
            return connection;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            await hub.DisposeAsync();
            throw new LoadCallException($"The hub did not accept the connection: {exception.Message}", exception);
        }
    }

    /// <summary>Calls <paramref name="handler"/> for each <paramref name="target"/> message of one argument (a message about the server, not numbered).</summary>
    public IDisposable OnPayload(string target, Action<JsonElement> handler) =>
        _hub.On(target, [typeof(JsonElement)], (arguments, _) =>
        {
            handler((JsonElement)arguments[0]!);
            return Task.CompletedTask;
        }, target);

        /// <summary>Invokes <paramref name="method"/> with <paramref name="argument"/> (none when null) and returns its result as JSON.</summary>
    public async Task<JsonElement> InvokeAsync(string method, object? argument = null, CancellationToken cancellationToken = default)
    {
        try
        {
            // A nullable result: a hub method that returns nothing completes without one.
            var result = argument is null
                ? await _hub.InvokeAsync<JsonElement?>(method, cancellationToken)
                : await _hub.InvokeAsync<JsonElement?>(method, argument, cancellationToken);
            return result ?? default;
        }
        catch (HubException refused)
        {
            throw new LoadCallException(refused.Message, refused);
        }
        catch (Exception lost) when (lost is InvalidOperationException or IOException or WebSocketException
                                     || (lost is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new LoadCallException($"The connection closed before the call completed: {lost.Message}", lost) { ConnectionLost = true };
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _hub.DisposeAsync();
        _closed.TrySetResult(null);
    }
}

/// <summary>A hub call or connection the server refused or lost, with its message.</summary>
internal sealed class LoadCallException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The call failed because its connection closed, not because the server refused it.</summary>
    public bool ConnectionLost { get; init; }
}
