using System.Diagnostics;

namespace RallyLive.Server.Hosting;

/// <summary>
/// Ends a cluster node that has not finished stopping <c>RallyLive:Cluster:StopDeadline</c> after it was asked to.
/// With Redis unreachable, Orleans waits up to a minute to write the node's death into membership, and only after the
/// host's own shutdown timeout has passed: such a node took 130 s to stop. Everything it acknowledged is already stored
/// (Redis with <c>appendfsync always</c>), so ending it loses nothing a kill by systemd or Kubernetes would not; it says
/// why on standard error first, where the logs of a killed process would not.
/// </summary>
internal sealed partial class StopDeadline(IHostApplicationLifetime lifetime, TimeSpan deadline, ILogger<StopDeadline> logger) : IHostedService, IDisposable
{
    private CancellationTokenRegistration _stopping;
    private ITimer? _timer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _stopping = lifetime.ApplicationStopping.Register(() =>
            _timer = TimeProvider.System.CreateTimer(_ => End(), null, deadline, Timeout.InfiniteTimeSpan));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        _stopping.Dispose();
        _timer?.Dispose();
    }

    private void End()
    {
        var message = $"RallyLive: stopping took longer than {deadline.TotalSeconds:0} s (is Redis reachable?); ending the process now. "
            + "Everything acknowledged is already stored.";
        LogEnding(logger, deadline.TotalSeconds);
        Console.Error.WriteLine(message);
        using var self = Process.GetCurrentProcess();
        self.Kill();
    }

    [LoggerMessage(1, LogLevel.Critical, "Stopping took longer than {Seconds} s; ending the process now")]
    private static partial void LogEnding(ILogger logger, double seconds);
}
