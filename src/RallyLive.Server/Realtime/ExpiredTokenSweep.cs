namespace RallyLive.Server.Realtime;

/// <summary>
/// A token is checked when a connection opens, and a connection must not outlive it: once a second (on the injected
/// <see cref="TimeProvider"/>) every open connection whose token has expired is closed (<see cref="RallyConnections"/>
/// knows each one's expiry). The client's reconnection with the expired token is then refused with 401
/// <c>Unauthenticated</c>, which tells it to get a new token. One sweep for the node rather than a timer per connection:
/// a timer costs each idle connection memory, and opening or closing thousands at once contends on the timer queue.
/// </summary>
public sealed partial class ExpiredTokenSweep(RallyConnections connections, TimeProvider time, ILogger<ExpiredTokenSweep> logger) : BackgroundService
{
    /// <summary>How often expiries are checked: a connection closes at most this long after its token expires.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (connections.CloseExpired(time.GetUtcNow()) is > 0 and var closed)
            {
                LogClosed(logger, closed);
            }
        }
    }

    [LoggerMessage(1, LogLevel.Debug, "Closed {Count} connections whose token had expired")]
    private static partial void LogClosed(ILogger logger, int count);
}
