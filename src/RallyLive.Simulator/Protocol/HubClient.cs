using System.Buffers;
using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RallyLive.Simulator.Protocol;

/// <summary>
/// A small client of the SignalR JSON hub protocol over WebSockets, written because the .NET SignalR client
/// cannot be restored here. It does what the simulator needs and no more: connect with an access token
/// (skipping negotiation, which SignalR allows for WebSockets), invoke a method with one argument and await
/// its completion, receive server messages, and keep the connection alive with pings. It does not reconnect,
/// stream, or speak MessagePack.
/// </summary>
public sealed partial class HubClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(15);
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonElement>> _calls = new();
    private readonly ConcurrentDictionary<string, Action<JsonElement[]>> _handlers = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();

    // Received text not yet split into records; the decoder keeps a character split across two reads.
    private readonly StringBuilder _received = new();
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();
    private long _lastInvocationId;

    private HubClient(ClientWebSocket socket) => _socket = socket;

    /// <summary>Completes when the connection has closed, with the server's error if it gave one.</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>Opens a WebSocket to <paramref name="hubUrl"/> (http or https), and completes the protocol handshake.</summary>
    public static async Task<HubClient> ConnectAsync(Uri hubUrl, string accessToken, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hubUrl);
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws", Query = "access_token=" + Uri.EscapeDataString(accessToken) }.Uri;
        try
        {
            await socket.ConnectAsync(uri, cancellationToken);
        }
        catch (WebSocketException exception)
        {
            socket.Dispose();
            throw new HubCallException("connect", null, $"{hubUrl} did not accept the connection ({exception.Message}).");
        }

        var client = new HubClient(socket);
        await client.SendAsync("""{"protocol":"json","version":1}""", cancellationToken);
        var handshake = await client.ReceiveRecordAsync(cancellationToken);
        if (handshake is null || JsonDocument.Parse(handshake).RootElement.TryGetProperty("error", out _))
        {
            await client.DisposeAsync();
            throw new HubCallException("connect", null, $"{hubUrl} refused the protocol handshake: {handshake}");
        }

        _ = client.ReceiveLoopAsync();
        _ = client.PingLoopAsync();
        return client;
    }

    /// <summary>Handles messages the server sends to <paramref name="target"/> (their arguments, in order).</summary>
    public void On(string target, Action<JsonElement[]> handler) => _handlers[target] = handler;

    /// <summary>Invokes <paramref name="method"/> with one argument and returns its result, or throws <see cref="HubCallException"/>.</summary>
    public async Task<JsonElement> InvokeAsync(string method, object? argument, CancellationToken cancellationToken = default)
    {
        var invocationId = Interlocked.Increment(ref _lastInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _calls[invocationId] = completion;
        object?[] arguments = argument is null ? [] : [argument];
        await SendAsync(JsonSerializer.Serialize(new { type = 1, invocationId, target = method, arguments }, Json), cancellationToken);
        try
        {
            return await completion.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            _calls.TryRemove(invocationId, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }
            catch (WebSocketException)
            {
                // The server went first; nothing is left to close.
            }
        }

        _socket.Dispose();
        _sending.Dispose();
        _stopping.Dispose();
        _closed.TrySetResult(null);
    }

    private async Task ReceiveLoopAsync()
    {
        string? error = null;
        try
        {
            while (await ReceiveRecordAsync(_stopping.Token) is { } record)
            {
                error = Dispatch(JsonDocument.Parse(record).RootElement.Clone());
                if (error is not null)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            error ??= exception is OperationCanceledException ? null : exception.Message;
        }

        foreach (var call in _calls.Values)
        {
            call.TrySetException(new HubCallException("call", null, "The connection closed before the call completed."));
        }

        _closed.TrySetResult(error);
    }

    /// <summary>Handles one message; returns the close reason when the server closes the connection.</summary>
    private string? Dispatch(JsonElement message)
    {
        switch (message.GetProperty("type").GetInt32())
        {
            case 1 when message.TryGetProperty("target", out var target) && _handlers.TryGetValue(target.GetString()!, out var handler):
                handler([.. message.GetProperty("arguments").EnumerateArray()]);
                break;
            case 3 when _calls.TryGetValue(message.GetProperty("invocationId").GetString()!, out var call):
                if (message.TryGetProperty("error", out var error))
                {
                    var text = error.GetString() ?? string.Empty;
                    var code = CodePrefix().Match(text);
                    call.TrySetException(new HubCallException("call", code.Success ? code.Groups["code"].Value : null, text));
                }
                else
                {
                    call.TrySetResult(message.TryGetProperty("result", out var result) ? result : default);
                }

                break;
            case 7:
                return message.TryGetProperty("error", out var reason) ? reason.GetString() ?? "closed" : "closed";
        }

        return null;
    }

    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await SendAsync("""{"type":6}""", _stopping.Token);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Stopped or closed: the receive loop reports the close.
        }
    }

    private async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(json + RecordSeparator);
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>The next record (one JSON message), or null when the socket closed.</summary>
    private async Task<string?> ReceiveRecordAsync(CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        var characters = ArrayPool<char>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                var text = _received.ToString();
                var end = text.IndexOf(RecordSeparator, StringComparison.Ordinal);
                if (end >= 0)
                {
                    _received.Remove(0, end + 1);
                    return text[..end];
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                var count = _decoder.GetChars(buffer, 0, read.Count, characters, 0, flush: false);
                _received.Append(characters, 0, count);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(characters);
        }
    }

    [GeneratedRegex(@"^(?:.*HubException: )?(?<code>[A-Za-z]+): ")]
    private static partial Regex CodePrefix();
}
