using System.Diagnostics;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

public static class ReconnectingClient
{
    public static async Task<ReconnectingClient<TClient>> ConnectAsync<TClient>(Func<Task<TClient>> connect)
        where TClient : TypedHubClient => new(connect, await connect());
}

/// <summary>
/// A hub client that connects again, as the web pages do, whenever its connection closes: it retries every 100 ms
/// until a node takes it. <see cref="Reconnected"/> completes at its first reconnection, with how long it was away.
/// </summary>
public sealed class ReconnectingClient<TClient> : IAsyncDisposable
    where TClient : TypedHubClient
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);
    private readonly Func<Task<TClient>> _connect;
    private readonly TaskCompletionSource<TimeSpan> _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TClient _client;
    private volatile bool _disposed;

    internal ReconnectingClient(Func<Task<TClient>> connect, TClient client)
    {
        _connect = connect;
        _client = client;
        Watch(client);
    }

    /// <summary>The time from the first loss of its connection to the next connection that a node accepted.</summary>
    public Task<TimeSpan> Reconnected => _reconnected.Task;

    /// <summary>Calls the hub on the current connection; a call cut off by a dying node throws, as it would for any client.</summary>
    public Task<T> CallAsync<T>(Func<TClient, Task<T>> call) => call(_client);

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await _client.DisposeAsync();
    }

    private void Watch(TClient client) => _ = client.Closed.ContinueWith(_ => ReconnectAsync(), TaskScheduler.Default).Unwrap();

    private async Task ReconnectAsync()
    {
        var away = Stopwatch.StartNew();
        while (!_disposed)
        {
            try
            {
                var client = await _connect();
                _client = client;
                Watch(client);
                _reconnected.TrySetResult(away.Elapsed);
                return;
            }
            catch (Exception exception) when (exception is HttpRequestException or Microsoft.AspNetCore.SignalR.HubException
                or System.Net.WebSockets.WebSocketException or IOException or InvalidOperationException or OperationCanceledException or TimeoutException)
            {
                await Task.Delay(RetryInterval);
            }
        }
    }
}
