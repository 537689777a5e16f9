using System.Collections.Concurrent;
using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace RallyLive.LoadBaselines;

/// <summary>
/// Baseline L0, the physical limit for .NET here: raw Kestrel WebSockets speaking just enough of the SignalR JSON
/// protocol (handshake, JoinStream, React, pings) for the same clients. Reactions are added up per rally; every 250 ms
/// each rally with activity gets one frame, serialised once, and the same bytes are written to every socket.
/// </summary>
public sealed class RawFanOut : BackgroundService
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromMilliseconds(250);
    private static readonly byte[] Handshake = Encoding.UTF8.GetBytes("{}\u001e");

    private readonly ConcurrentDictionary<string, Rally> _rallies = new();
    private long _sequence;

    public async Task AcceptAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var rally = _rallies.GetOrAdd(context.Request.Query["rally"].ToString(), id => new Rally(id));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var viewer = new Socket(socket);
        var buffer = new byte[4096];
        var (start, end) = (0, 0);
        try
        {
            while (true)
            {
                if (end == buffer.Length)
                {
                    buffer.AsSpan(start, end - start).CopyTo(buffer);
                    (start, end) = (0, end - start);
                    if (end == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 2);
                    }
                }

                var read = await socket.ReceiveAsync(buffer.AsMemory(end), context.RequestAborted);
                if (read.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                end += read.Count;
                int separator;
                while ((separator = buffer.AsSpan(start, end - start).IndexOf((byte)0x1e)) >= 0)
                {
                    var answer = Handle(rally, viewer, buffer.AsMemory(start, separator));
                    start += separator + 1;
                    if (answer is not null)
                    {
                        await viewer.SendAsync(answer);
                    }
                }

                if (start == end)
                {
                    (start, end) = (0, 0);
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or IOException)
        {
            // The client went away.
        }
        finally
        {
            rally.Sockets.TryRemove(viewer, out _);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TickInterval);
        var ticks = 0L;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            ticks++;
            foreach (var rally in _rallies.Values)
            {
                var frame = rally.TakeFrame(Interlocked.Increment(ref _sequence));
                if (frame is not null)
                {
                    await Task.WhenAll(rally.Sockets.Keys.Select(s => s.SendAsync(frame)));
                }
                else if (ticks % 40 == 0)
                {
                    await Task.WhenAll(rally.Sockets.Keys.Select(s => s.SendAsync(Ping)));
                }
            }
        }
    }

    private static readonly byte[] Ping = Encoding.UTF8.GetBytes("{\"type\":6}\u001e");

    /// <summary>One record from a client; returns the bytes to answer with, if any.</summary>
    private static byte[]? Handle(Rally rally, Socket viewer, ReadOnlyMemory<byte> record)
    {
        using var document = JsonDocument.Parse(record);
        var message = document.RootElement;
        if (message.TryGetProperty("protocol", out _))
        {
            return Handshake;
        }

        if (message.GetProperty("type").GetInt32() != 1 || !message.TryGetProperty("invocationId", out var id))
        {
            return null;
        }

        var target = message.GetProperty("target").GetString();
        string result;
        switch (target)
        {
            case "JoinStream":
                rally.Sockets[viewer] = 0;
                result = "{\"sequence\":0}";
                break;
            case "React":
                var accepted = 0;
                lock (rally)
                {
                    foreach (var kind in message.GetProperty("arguments")[0].GetProperty("counts").EnumerateObject())
                    {
                        var count = kind.Value.GetInt32();
                        rally.Pending[kind.Name] = rally.Pending.GetValueOrDefault(kind.Name) + count;
                        accepted += count;
                    }
                }

                result = string.Create(CultureInfo.InvariantCulture, $"{{\"accepted\":{accepted}}}");
                break;
            default:
                return Encoding.UTF8.GetBytes($"{{\"type\":3,\"invocationId\":\"{id.GetString()}\",\"error\":\"Unknown method {target}.\"}}\u001e");
        }

        return Encoding.UTF8.GetBytes($"{{\"type\":3,\"invocationId\":\"{id.GetString()}\",\"result\":{result}}}\u001e");
    }

    /// <summary>One rally's sockets and the reactions counted since its last frame.</summary>
    private sealed class Rally(string id)
    {
        public ConcurrentDictionary<Socket, byte> Sockets { get; } = new();

        public Dictionary<string, int> Pending { get; } = [];

        /// <summary>The frame of the reactions since the last one, serialised once, or null when there were none.</summary>
        public byte[]? TakeFrame(long sequence)
        {
            Dictionary<string, int> reactions;
            lock (this)
            {
                if (Pending.Count == 0)
                {
                    return null;
                }

                reactions = new Dictionary<string, int>(Pending);
                Pending.Clear();
            }

            var frame = new { rallyId = id, streamId = "stage", at = DateTimeOffset.UtcNow, reactions, viewers = Sockets.Count, chatMessages = 0, chatSentimentSum = 0.0 };
            return JsonSerializer.SerializeToUtf8Bytes(new { type = 1, target = "ReactionBurst", arguments = new object[] { sequence, frame } })
                .Append((byte)0x1e).ToArray();
        }
    }

    /// <summary>A client socket; sends to it are serialised, as a WebSocket allows one at a time.</summary>
    private sealed class Socket(WebSocket socket) : IDisposable
    {
        private readonly SemaphoreSlim _sending = new(1, 1);

        public async Task SendAsync(byte[] bytes)
        {
            try
            {
                await _sending.WaitAsync();
                try
                {
                    await socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                }
                finally
                {
                    _sending.Release();
                }
            }
            catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or IOException or OperationCanceledException)
            {
                // Closed: the receive loop removes it.
            }
        }

        public void Dispose() => _sending.Dispose();
    }
}
