using System.Diagnostics;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Cluster;

public static class ReconnectingClient
{
    public static async Task<ReconnectingClient<TClient>> ConnectAsync<TClient>(Func<Task<TClient>> connect)
        where TClient : TypedHubClient => new(connect, await connect());
}

/// <summary>What a test reads of a reconnecting client, whatever its hub.</summary>
public interface IReconnecting
{
    /// <summary>The time from the first loss of its connection to the next connection that a node accepted.</summary>
    Task<TimeSpan> Reconnected { get; }

    /// <summary>How many times a node has taken it back after its connection closed.</summary>
    int Reconnections { get; }
}

/// <summary>
/// A hub client that connects again, as the web pages do, whenever its connection closes: it retries every 100 ms
/// until a node takes it. <see cref="Reconnected"/> completes at its first reconnection, with how long it was away.
/// </summary>
public sealed class ReconnectingClient<TClient> : IReconnecting, IAsyncDisposable
    where TClient : TypedHubClient
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);
    private readonly Func<Task<TClient>> _connect;
    private readonly TaskCompletionSource<TimeSpan> _reconnected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile TClient _client;
    private volatile bool _disposed;
    private int _reconnections;

    internal ReconnectingClient(Func<Task<TClient>> connect, TClient client)
    {
        _connect = connect;
        _client = client;
        Watch(client);
    }

    public Task<TimeSpan> Reconnected => _reconnected.Task;

    public int Reconnections => Volatile.Read(ref _reconnections);

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
                Interlocked.Increment(ref _reconnections);
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
