using System.Net.Sockets;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Live;
using RallyLive.Server.Realtime.Delivery;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>
/// A client that stops reading must not hold up anyone else: its backlog is bounded and it is closed. While it is
/// behind, the node counts it among the connections behind (what graceful degradation reads), and not after it closed.
/// </summary>
public sealed class StalledClientTests : IAsyncLifetime
{
    private const int MaxPendingWrites = 32;
    private const int Chunk = 16;

    private readonly LiveServer _server = new(new Dictionary<string, string>
    {
        // Every message reaches viewers (no sampling), so the test can count them.
        ["RallyLive:Realtime:ChatFanOutPerStream:PerSecond"] = "1000000",
        ["RallyLive:Realtime:ChatFanOutPerStream:Burst"] = "1000000",
        ["RallyLive:Realtime:MaxPendingWritesPerConnection"] = MaxPendingWrites.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task StalledViewer_IsClosed_WhileTheOtherViewerGetsEveryMessageInOrder()
    {
        // Enough bytes to fill the stalled socket's kernel buffers on both ends, the server's pipe and its backlog.
        const int messages = 4_000;
        var text = new string('x', 4_000);
        var rally = await _server.Api.CreateRallyAsync();
        var healthyViewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var stalledViewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        await using var healthy = await ViewerHubClient.ConnectAsync(_server.BaseUrl, healthyViewer.ViewerToken);
        var received = new List<long>();
        var receivedCount = 0;
        TaskCompletionSource? chunkReceived = null;
        var chunkEnd = 0;
        healthy.OnChatMessage((_, message) =>
        {
            received.Add(message.Sequence);
            if (Interlocked.Increment(ref receivedCount) == Volatile.Read(ref chunkEnd))
            {
                chunkReceived?.TrySetResult();
            }
        });
        await healthy.JoinStreamAsync(new("stage", "Ana"));
        using var stalled = await ConnectAndStopReadingAsync("viewer", stalledViewer.ViewerToken, joinStream: "stage");
        var stalledClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var counts = new MeterCapture(_server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), (key, _) =>
        {
            if (key == "rallylive.connections.stalled_closed/")
            {
                stalledClosed.TrySetResult();
            }
        });

        // Chunks smaller than the backlog limit, each sent once the healthy viewer has read the one before: a
        // viewer who keeps up is never closed, and the stalled one falls ever further behind.
        var broadcaster = _server.Services.GetRequiredService<IRallyBroadcaster>();
        var backlog = _server.Services.GetRequiredService<SendBacklog>();
        var mostBehind = 0.0;
        for (var first = 1; first <= messages; first += Chunk)
        {
            mostBehind = Math.Max(mostBehind, backlog.ShareBehind);
            chunkReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref chunkEnd, first + Chunk - 1);
            for (var i = first; i < first + Chunk; i++)
            {
                broadcaster.Publish(new ChatPosted(rally.RallyId, new ChatMessage($"stage:{i}", i, "stage", "v-x", "Flood", text, DateTimeOffset.UnixEpoch, ChatMessageState.Visible, null, 0)));
            }

            await chunkReceived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await stalledClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(Enumerable.Range(1, messages).Select(i => (long)i), received);
        Assert.Equal(1, counts["rallylive.connections.stalled_closed/"]);
        Assert.InRange(mostBehind, 0.5, 1);   // the stalled one of the two viewers (the other at most for a moment)
        await WaitUntilAsync(() => backlog.ShareBehind == 0, TimeSpan.FromSeconds(30)); // its writes end with its connection
    }

    [Fact]
    public async Task AStalledModerator_MayFallFurtherBehindThanAViewer_BeforeItIsClosed()
    {
        // The same flood reaches a stalled viewer and a stalled moderator alike (moderators get every message): the
        // viewer is closed past its limit, the moderator is held to the larger limit of staff connections.
        const int messages = 3_000;
        var text = new string('x', 4_000);
        var rally = await _server.Api.CreateRallyAsync();
        var healthyViewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var stalledViewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        await using var healthy = await ViewerHubClient.ConnectAsync(_server.BaseUrl, healthyViewer.ViewerToken);
        var receivedCount = 0;
        TaskCompletionSource? chunkReceived = null;
        var chunkEnd = 0;
        healthy.OnChatMessage((_, _) =>
        {
            if (Interlocked.Increment(ref receivedCount) == Volatile.Read(ref chunkEnd))
            {
                chunkReceived?.TrySetResult();
            }
        });
        await healthy.JoinStreamAsync(new("stage", "Ana"));
        using var viewer = await ConnectAndStopReadingAsync("viewer", stalledViewer.ViewerToken, joinStream: "stage");
        using var moderator = await ConnectAndStopReadingAsync("moderator", (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key);
        var viewerClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var counts = new MeterCapture(_server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), (key, _) =>
        {
            if (key == "rallylive.connections.stalled_closed/")
            {
                viewerClosed.TrySetResult();
            }
        });

        var broadcaster = _server.Services.GetRequiredService<IRallyBroadcaster>();
        for (var first = 1; first <= messages; first += Chunk)
        {
            chunkReceived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Volatile.Write(ref chunkEnd, first + Chunk - 1);
            for (var i = first; i < first + Chunk; i++)
            {
                broadcaster.Publish(new ChatPosted(rally.RallyId, new ChatMessage($"stage:{i}", i, "stage", "v-x", "Flood", text, DateTimeOffset.UnixEpoch, ChatMessageState.Visible, null, 0)));
            }

            await chunkReceived.Task.WaitAsync(TimeSpan.FromSeconds(30));
        }

        await viewerClosed.Task.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, counts["rallylive.connections.stalled_closed/"]);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold in time");
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// A hub connection (one that joins <paramref name="joinStream"/> first, if given) that then never reads again. Its
    /// socket's receive buffer is set small before it connects (the WebSocket upgrade is done by hand for that), so that
    /// little fills it.
    /// </summary>
    private async Task<WebSocket> ConnectAndStopReadingAsync(string hub, string token, string? joinStream = null)
    {
        var server = new Uri(_server.BaseUrl);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync(server.Host, server.Port);
        var stream = new NetworkStream(socket, ownsSocket: true);
        var upgrade = $"GET /hubs/{hub}?access_token={Uri.EscapeDataString(token)} HTTP/1.1\r\nHost: {server.Authority}\r\n" +
            $"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: {Convert.ToBase64String(RandomNumberGenerator.GetBytes(16))}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(upgrade));
        var response = new StringBuilder();
        var one = new byte[1];
        while (!response.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            response.Append((char)one[0]);
        }

        Assert.StartsWith("HTTP/1.1 101", response.ToString(), StringComparison.Ordinal);
        var webSocket = WebSocket.CreateFromStream(stream, new WebSocketCreationOptions { IsServer = false, KeepAliveInterval = Timeout.InfiniteTimeSpan });
        await SendAsync(webSocket, """{"protocol":"json","version":1}""");
        await ReceiveAsync(webSocket); // the handshake's answer
        if (joinStream is not null)
        {
            await SendAsync(webSocket, $$"""{"type":1,"invocationId":"1","target":"JoinStream","arguments":[{"streamId":"{{joinStream}}","displayName":"Bo"}]}""");
            while (!(await ReceiveAsync(webSocket)).Contains("\"invocationId\":\"1\"", StringComparison.Ordinal))
            {
                // Messages before the join's completion; from here on the client reads nothing.
            }
        }

        return webSocket;
    }

    private static Task SendAsync(WebSocket socket, string record) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(record + '\u001e'), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<string> ReceiveAsync(WebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        var result = await socket.ReceiveAsync(buffer, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.UTF8.GetString(buffer, 0, result.Count);
    }
}
