using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Opens hub connections from several loopback source addresses (127.0.0.2, 127.0.0.3, …), each address used for
/// at most <see cref="ConnectionsPerAddress"/> connections, so that the generator is not limited by one address's
/// ephemeral ports; and pings every open connection every ten seconds from one timer.
/// </summary>
internal sealed class ConnectionFactory : IAsyncDisposable
{
    /// <summary>Well under one address's ephemeral port range (32768–60999 by default).</summary>
    public const int ConnectionsPerAddress = 20_000;

    private static readonly TimeSpan PingInterval = TimeSpan.FromSeconds(10);

    private readonly List<HttpMessageInvoker> _invokers = [];
    private readonly ConcurrentDictionary<LoadConnection, byte> _open = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _pinging;
    private long _opened;

    public ConnectionFactory() => _pinging = PingLoopAsync();

    /// <summary>Connections open now.</summary>
    public int OpenCount => _open.Count;

    /// <summary>
    /// Opens a connection to <paramref name="hubUrl"/> (ws or http), completes the handshake and starts receiving; with
    /// <paramref name="forwardedFor"/>, as a client at that address behind a proxy the server trusts.
    /// </summary>
    public async Task<LoadConnection> ConnectAsync(Uri hubUrl, Action<LoadConnection, string, JsonElement>? onMessage, string? forwardedFor = null,
        CancellationToken cancellationToken = default)
    {
        var socket = await OpenWebSocketAsync(hubUrl, forwardedFor, cancellationToken);
        var connection = await LoadConnection.StartAsync(socket, onMessage, cancellationToken);
        _open[connection] = 0;
        _ = connection.Closed.ContinueWith(_ => _open.TryRemove(connection, out byte _), TaskScheduler.Default);
        return connection;
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="hubUrl"/> (ws or http) from the next source address, with no WebSocket
    /// keep-alive (protocol pings keep the connection) and small buffers. Nothing of the hub protocol is sent yet.
    /// </summary>
    public async Task<ClientWebSocket> OpenWebSocketAsync(Uri hubUrl, string? forwardedFor = null, CancellationToken cancellationToken = default)
    {
        var index = Interlocked.Increment(ref _opened) - 1;
        var socket = new ClientWebSocket();
        if (forwardedFor is not null)
        {
            socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        }

        socket.Options.KeepAliveInterval = Timeout.InfiniteTimeSpan;
        socket.Options.SetBuffer(2048, 1024);
        var uri = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : hubUrl.Scheme == "http" ? "ws" : hubUrl.Scheme }.Uri;
        try
        {
            await socket.ConnectAsync(uri, Invoker((int)(index / ConnectionsPerAddress)), cancellationToken);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _pinging;
        await Task.WhenAll(_open.Keys.Select(c => c.DisposeAsync().AsTask()));
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }

        _stopping.Dispose();
    }

    /// <summary>The invoker whose sockets bind to 127.0.0.(2 + <paramref name="addressIndex"/>).</summary>
    private HttpMessageInvoker Invoker(int addressIndex)
    {
        lock (_invokers)
        {
            while (_invokers.Count <= addressIndex)
            {
                var source = new IPAddress([127, 0, 0, (byte)(2 + _invokers.Count)]);
                _invokers.Add(new HttpMessageInvoker(new SocketsHttpHandler
                {
                    ConnectCallback = (context, token) => ConnectFromAsync(source, context.DnsEndPoint, token),
                    PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                }));
            }

            return _invokers[addressIndex];
        }
    }

    private static async ValueTask<Stream> ConnectFromAsync(IPAddress source, DnsEndPoint destination, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(destination, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private async Task PingLoopAsync()
    {
        using var timer = new PeriodicTimer(PingInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_stopping.Token))
            {
                await Task.WhenAll(_open.Keys.Select(c => c.PingAsync()));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }
}
