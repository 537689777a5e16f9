using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Reflection;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Opens hub connections (<see cref="LoadConnection"/>, the official SignalR client) from several loopback source
/// addresses (127.0.0.2, 127.0.0.3, …, or from <paramref name="firstSourceAddress"/> on), each address used for at most
/// <see cref="ConnectionsPerAddress"/> connections, so that the generator is not limited by one address's ephemeral
/// ports; and closes those still open when disposed. Generator processes running side by side start from different
/// addresses, since a bound source port is one address's for every process.
/// </summary>
internal sealed class ConnectionFactory(byte firstSourceAddress = 2) : IAsyncDisposable
{
    /// <summary>Well under one address's ephemeral port range (32768–60999 by default).</summary>
    public const int ConnectionsPerAddress = 20_000;

    /// <summary>
    /// The official client's own timer, per connection (<c>HubConnection.TickRate</c>, internal), runs every second to
    /// send its keep-alive pings and check the server's: at 15,000 idle connections that cost the generator 0.88 of a
    /// core, three times the server's own idle cost, and 50,000 would take more than this machine's two cores. The
    /// generator sets it to this (through reflection; a client version without it ticks at its own rate): pings then
    /// go every 15 to 20 s, within the server's 30 s client timeout. <c>--client-tick-s</c> changes it.
    /// </summary>
    public static TimeSpan ClientTick { get; set; } = TimeSpan.FromSeconds(5);

    private static readonly PropertyInfo? TickRate = typeof(HubConnection).GetProperty("TickRate", BindingFlags.Instance | BindingFlags.NonPublic);

    private readonly List<HttpMessageInvoker> _invokers = [];
    private readonly ConcurrentDictionary<LoadConnection, byte> _open = new();
    private long _opened;

    /// <summary>Connections open now.</summary>
    public int OpenCount => _open.Count;

    /// <summary>
    /// Opens a connection to <paramref name="hubUrl"/> (ws or http, its token in the query), completes the handshake
    /// and starts receiving, with <paramref name="onMessage"/> called for each stream message (target, sequence,
    /// payload); with <paramref name="forwardedFor"/>, as a client at that address behind a proxy the server trusts.
    /// </summary>
    public async Task<LoadConnection> ConnectAsync(Uri hubUrl, Action<string, long, JsonElement>? onMessage, string? forwardedFor = null,
        CancellationToken cancellationToken = default)
    {
        var hub = new HubConnectionBuilder()
            .WithUrl(hubUrl, options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
                options.WebSocketFactory = async (context, token) => await OpenWebSocketAsync(context.Uri, forwardedFor, token);
            })
            .Build();
        TickRate?.SetValue(hub, ClientTick);
        var connection = await LoadConnection.StartAsync(hub, onMessage, cancellationToken);
        _open[connection] = 0;
        _ = connection.Closed.ContinueWith(_ => _open.TryRemove(connection, out byte _), TaskScheduler.Default);
        return connection;
    }

    /// <summary>
    /// Opens a WebSocket to <paramref name="hubUrl"/> (ws or http) from the next source address, with no WebSocket
    /// keep-alive (the hub protocol's pings keep the connection) and small buffers.
    /// </summary>
    private async Task<ClientWebSocket> OpenWebSocketAsync(Uri hubUrl, string? forwardedFor = null, CancellationToken cancellationToken = default)
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
        await Task.WhenAll(_open.Keys.Select(c => c.DisposeAsync().AsTask()));
        foreach (var invoker in _invokers)
        {
            invoker.Dispose();
        }
    }

    /// <summary>The invoker whose sockets bind to 127.0.0.(first source address + <paramref name="addressIndex"/>).</summary>
    private HttpMessageInvoker Invoker(int addressIndex)
    {
        lock (_invokers)
        {
            while (_invokers.Count <= addressIndex)
            {
                var source = new IPAddress([127, 0, 0, (byte)(firstSourceAddress + _invokers.Count)]);
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
}
