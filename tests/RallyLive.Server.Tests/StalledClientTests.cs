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
        var rally = await _server.Api.CreateRallyAsync();
        await using var healthy = await HealthyViewerAsync(rally.RallyId);
        var stalledViewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        using var stalled = await ConnectAndStopReadingAsync("viewer", stalledViewer.ViewerToken, joinStream: "stage");
        using var closes = new StalledCloses(_server.Services);

        var backlog = _server.Services.GetRequiredService<SendBacklog>();
        var mostBehind = 0.0;
        await FloodAsync(rally.RallyId, messages, healthy, beforeEachChunk: () => mostBehind = Math.Max(mostBehind, backlog.ShareBehind));
        await closes.First;

        Assert.Equal(Enumerable.Range(1, messages).Select(i => (long)i), healthy.Received);
        Assert.Equal(1, closes.Count);
        Assert.InRange(mostBehind, 0.5, 1);   // the stalled one of the two viewers (the other at most for a moment)
        await WaitUntilAsync(() => backlog.ShareBehind == 0, TimeSpan.FromSeconds(30)); // its writes end with its connection
    }

    [Fact]
    public async Task AStalledModerator_MayFallFurtherBehindThanAViewer_BeforeItIsClosed()
    {
        // The same flood reaches a stalled viewer and a stalled moderator alike (moderators get every message): the
        // viewer is closed past its limit, the moderator is held to the larger limit of staff connections.
        var rally = await _server.Api.CreateRallyAsync();
        await using var healthy = await HealthyViewerAsync(rally.RallyId);
        var stalledViewer = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        using var viewer = await ConnectAndStopReadingAsync("viewer", stalledViewer.ViewerToken, joinStream: "stage");
        using var moderator = await ConnectAndStopReadingAsync("moderator", (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key);
        using var closes = new StalledCloses(_server.Services);

        await FloodAsync(rally.RallyId, messages: 3_000, healthy);
        await closes.First;

        Assert.Equal(1, closes.Count);
    }

    /// <summary>A viewer on the stage who reads every message.</summary>
    private async Task<Reader> HealthyViewerAsync(string rallyId)
    {
        var joined = await _server.Api.JoinAsync(rallyId, "stage", "Ana");
        var reader = new Reader(await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken));
        await reader.Viewer.JoinStreamAsync(new("stage", "Ana"));
        return reader;
    }

    /// <summary>
    /// Publishes <paramref name="messages"/> chat messages of 4,000 characters in chunks smaller than the backlog limit,
    /// each once the reader has read the one before: a viewer who keeps up is never closed, and a stalled one falls
    /// ever further behind.
    /// </summary>
    private async Task FloodAsync(string rallyId, int messages, Reader reader, Action? beforeEachChunk = null)
    {
        var broadcaster = _server.Services.GetRequiredService<IRallyBroadcaster>();
        var text = new string('x', 4_000);
        for (var first = 1; first <= messages; first += Chunk)
        {
            beforeEachChunk?.Invoke();
            for (var i = first; i < first + Chunk; i++)
            {
                broadcaster.Publish(new ChatPosted(rallyId, new ChatMessage($"stage:{i}", i, "stage", "v-x", "Flood", text, DateTimeOffset.UnixEpoch, ChatMessageState.Visible, null, 0)));
            }

            await reader.ReadAsync(first + Chunk - 1);
        }
    }

    /// <summary>The stalled connections the server closes: how many, and the first.</summary>
    private sealed class StalledCloses : IDisposable
    {
        private const string Key = "rallylive.connections.stalled_closed/";
        private readonly TaskCompletionSource _first = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly MeterCapture _counts;

        public StalledCloses(IServiceProvider services) =>
            _counts = new MeterCapture(services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), (key, _) =>
            {
                if (key == Key)
                {
                    _first.TrySetResult();
                }
            });

        public Task First => _first.Task.WaitAsync(TimeSpan.FromSeconds(30));

        public long Count => _counts[Key];

        public void Dispose() => _counts.Dispose();
    }

    /// <summary>
    /// A viewer and the chat messages it has read, in order; <see cref="ReadAsync"/> completes once it has read that many.
    /// </summary>
    private sealed class Reader : IAsyncDisposable
    {
        private readonly Lock _gate = new();
        private readonly List<long> _received = [];
        private (int Count, TaskCompletionSource Read)? _waiting;

        public Reader(ViewerHubClient viewer) => (Viewer = viewer).OnChatMessage((_, message) =>
        {
            lock (_gate)
            {
                _received.Add(message.Sequence);
                if (_waiting is { } waiting && _received.Count >= waiting.Count)
                {
                    waiting.Read.TrySetResult();
                    _waiting = null;
                }
            }
        });

        public ViewerHubClient Viewer { get; }

        public IReadOnlyList<long> Received
        {
            get
            {
                lock (_gate)
                {
                    return [.. _received];
                }
            }
        }

        public Task ReadAsync(int count)
        {
            lock (_gate)
            {
                if (_received.Count >= count)
                {
                    return Task.CompletedTask;
                }

                var read = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiting = (count, read);
                return read.Task.WaitAsync(TimeSpan.FromSeconds(30));
            }
        }

        public ValueTask DisposeAsync() => Viewer.DisposeAsync();
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
