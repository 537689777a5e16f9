using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// One hub connection of the SignalR JSON protocol, as lean as a load generator needs: one receive buffer that
/// grows only for a large message, invocations by pre-serialised argument, and server messages handed to one
/// callback while the received bytes are still in the buffer. Pings are sent by <see cref="ConnectionFactory"/> for all
/// connections at once, not by a timer per connection.
/// </summary>
internal sealed class LoadConnection : IAsyncDisposable
{
    private const byte RecordSeparator = 0x1e;
    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    private readonly WebSocket _socket;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly Dictionary<long, TaskCompletionSource<JsonElement>> _calls = [];
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lastInvocationId;

    private LoadConnection(WebSocket socket, Action<LoadConnection, string, JsonElement>? onMessage)
    {
        _socket = socket;
        OnMessage = onMessage;
    }

    /// <summary>Called on the receive loop for each server invocation: the target and its arguments array.</summary>
    public Action<LoadConnection, string, JsonElement>? OnMessage { get; }

    /// <summary>Completes when the connection has closed, with the reason when the server gave one.</summary>
    public Task<string?> Closed => _closed.Task;

    public bool IsOpen => _socket.State == WebSocketState.Open;

    /// <summary>Completes the protocol handshake on an open WebSocket and starts receiving.</summary>
    public static async Task<LoadConnection> StartAsync(WebSocket socket, Action<LoadConnection, string, JsonElement>? onMessage, CancellationToken cancellationToken)
    {
        var connection = new LoadConnection(socket, onMessage);
        await connection.SendRawAsync(Encoding.UTF8.GetBytes("{\"protocol\":\"json\",\"version\":1}\u001e"), cancellationToken);
        var handshake = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = connection.ReceiveLoopAsync(handshake);
        var answer = await handshake.Task.WaitAsync(cancellationToken);
        if (answer.Contains("\"error\"", StringComparison.Ordinal))
        {
            await connection.DisposeAsync();
            throw new LoadCallException($"The hub refused the handshake: {answer}");
        }

        return connection;
    }

    /// <summary>Invokes <paramref name="method"/> with one argument given as JSON, and returns its result.</summary>
    public async Task<JsonElement> InvokeAsync(string method, string argumentJson, CancellationToken cancellationToken = default)
    {
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        long id;
        lock (_calls)
        {
            id = ++_lastInvocationId;
            _calls[id] = completion;
        }

        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
            $"{{\"type\":1,\"invocationId\":\"{id}\",\"target\":\"{method}\",\"arguments\":[{argumentJson}]}}\u001e"));
        try
        {
            await SendRawAsync(message, cancellationToken);
            return await completion.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            lock (_calls)
            {
                _calls.Remove(id);
            }
        }
    }

    /// <summary>Sends a protocol ping, so that the server keeps an idle connection; never throws.</summary>
    public async Task PingAsync()
    {
        try
        {
            await SendRawAsync(Ping, CancellationToken.None);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException or IOException)
        {
            // A closed connection: its receive loop reports the close.
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
            {
                // The server went first.
            }
        }

        _socket.Dispose();
        _closed.TrySetResult(null);
    }

    private async Task SendRawAsync(byte[] bytes, CancellationToken cancellationToken)
    {
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

    private async Task ReceiveLoopAsync(TaskCompletionSource<string> handshake)
    {
        var buffer = new byte[2048];
        var (start, end) = (0, 0);
        string? error = null;
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    if (start > 0)
                    {
                        buffer.AsSpan(start, end - start).CopyTo(buffer);
                        (start, end) = (0, end - start);
                    }
                    else
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await _socket.ReceiveAsync(buffer.AsMemory(end), CancellationToken.None);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                end += read.Count;
                int separator;
                while ((separator = buffer.AsSpan(start, end - start).IndexOf(RecordSeparator)) >= 0)
                {
                    var record = buffer.AsMemory(start, separator);
                    start += separator + 1;
                    if (!handshake.Task.IsCompleted)
                    {
                        handshake.TrySetResult(Encoding.UTF8.GetString(record.Span));
                        continue;
                    }

                    error = Dispatch(record);
                    if (error is not null)
                    {
                        return;
                    }
                }

                if (start == end)
                {
                    (start, end) = (0, 0);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
        {
            error = exception.Message;
        }
        finally
        {
            handshake.TrySetException(new LoadCallException("The connection closed before the handshake."));
            List<TaskCompletionSource<JsonElement>> pending;
            lock (_calls)
            {
                pending = [.. _calls.Values];
            }

            foreach (var call in pending)
            {
                call.TrySetException(new LoadCallException("The connection closed before the call completed."));
            }

            _closed.TrySetResult(error);
        }
    }

    /// <summary>Handles one record; returns the close reason when the server closes the connection.</summary>
    private string? Dispatch(ReadOnlyMemory<byte> record)
    {
        using var document = JsonDocument.Parse(record);
        var message = document.RootElement;
        switch (message.GetProperty("type").GetInt32())
        {
            case 1:
                OnMessage?.Invoke(this, message.GetProperty("target").GetString()!, message.GetProperty("arguments"));
                break;
            case 3:
                var id = long.Parse(message.GetProperty("invocationId").GetString()!, CultureInfo.InvariantCulture);
                TaskCompletionSource<JsonElement>? call;
                lock (_calls)
                {
                    _calls.TryGetValue(id, out call);
                }

                if (message.TryGetProperty("error", out var callError))
                {
                    call?.TrySetException(new LoadCallException(callError.GetString() ?? "error"));
                }
                else
                {
                    call?.TrySetResult(message.TryGetProperty("result", out var result) ? result.Clone() : default);
                }

                break;
            case 7:
                return message.TryGetProperty("error", out var reason) ? reason.GetString() ?? "closed" : "closed";
        }

        return null;
    }
}

/// <summary>A hub call or handshake that failed, with the server's message.</summary>
internal sealed class LoadCallException(string message) : Exception(message);
