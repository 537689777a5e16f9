using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace RallyLive.Simulator.Protocol;

/// <summary>
/// One connection to a RallyLive hub over the official SignalR client, as the typed connections use it: WebSockets only
/// and no negotiation (the server accepts a direct WebSocket, which saves thousands of viewers a request each), no
/// automatic reconnect (the crowd reconnects at a viewer's next action), and the server's refusals as
/// <see cref="HubCallException"/>s with their codes.
/// </summary>
internal sealed class RallyHubConnection : IAsyncDisposable
{
    private readonly HubConnection _connection;
    private readonly TaskCompletionSource<string?> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RallyHubConnection(HubConnection connection)
    {
        _connection = connection;
        _connection.Closed += error =>
        {
            _closed.TrySetResult(error?.Message);
            return Task.CompletedTask;
        };
    }

    /// <summary>Completes when the connection has closed, with the server's error if it gave one.</summary>
    public Task<string?> Closed => _closed.Task;

    /// <summary>
    /// Opens <c>/hubs/{hub}</c> of <paramref name="server"/> with <paramref name="accessToken"/>; a server that does not
    /// accept the connection (nothing listens, or it refuses the token) throws <see cref="ServerUnavailableException"/>.
    /// </summary>
    public static async Task<RallyHubConnection> ConnectAsync(Uri server, string hub, string accessToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(server);
        var url = new Uri($"{server.GetLeftPart(UriPartial.Authority)}/hubs/{hub}");
        var connection = new HubConnectionBuilder()
            .WithUrl(url, options =>
            {
                options.AccessTokenProvider = () => Task.FromResult<string?>(accessToken);
                options.Transports = HttpTransportType.WebSockets;
                options.SkipNegotiation = true;
            })
            .Build();
        try
        {
            await connection.StartAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is WebSocketException or HttpRequestException or HubException or IOException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new ServerUnavailableException(server, $"{url} did not accept the connection ({exception.Message})", exception);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }

        return new RallyHubConnection(connection);
    }

    /// <summary>Invokes <paramref name="method"/> with its request record (none for methods without one); a refusal throws <see cref="HubCallException"/>.</summary>
    public async Task<T> InvokeAsync<T>(string method, object? request, CancellationToken cancellationToken)
    {
        try
        {
            return request is null
                ? await _connection.InvokeAsync<T>(method, cancellationToken)
                : await _connection.InvokeAsync<T>(method, request, cancellationToken);
        }
        catch (HubException refused)
        {
            throw HubCallException.From(method, refused);
        }
    }

    /// <summary>Invokes a method that returns nothing; a refusal throws <see cref="HubCallException"/>.</summary>
    public async Task InvokeAsync(string method, object request, CancellationToken cancellationToken)
    {
        try
        {
            await _connection.InvokeAsync(method, request, cancellationToken);
        }
        catch (HubException refused)
        {
            throw HubCallException.From(method, refused);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        _closed.TrySetResult(null);
    }
}
