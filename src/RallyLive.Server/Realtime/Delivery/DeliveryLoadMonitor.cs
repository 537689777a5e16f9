using System.Diagnostics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// Samples this node's load each <see cref="DegradationOptions.SampleInterval"/> for <see cref="DeliveryPace"/>: how late
/// work queued to the thread pool starts (a probe every 100 ms), how much of the interval the sender spent sending, and
/// the share of connections with messages waiting (<see cref="SendBacklog"/>).
/// When the level changes, every organiser connected to this node is told (<c>ServerLoad</c>) and it is logged and
/// counted. Measured on real time, not the application's clock: it is the machine that is being measured.
/// </summary>
public sealed partial class DeliveryLoadMonitor(
    DeliveryPace pace,
    LocalDelivery delivery,
    SendBacklog backlog,
    IHubContext<OrganiserHub, IOrganiserClient> organisers,
    IOptions<RealtimeOptions> options,
    RealtimeMetrics metrics,
    ILogger<DeliveryLoadMonitor> logger) : BackgroundService
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Degradation;
        if (!settings.Enabled)
        {
            return;
        }

        var (windowStarted, lateness, probes) = (Stopwatch.GetTimestamp(), TimeSpan.Zero, 0);
        _ = delivery.TakeBusyTime();
        while (!stoppingToken.IsCancellationRequested)
        {
            var probeStarted = Stopwatch.GetTimestamp();
            await Task.Delay(ProbeInterval, stoppingToken);
            lateness += Max(TimeSpan.Zero, Stopwatch.GetElapsedTime(probeStarted) - ProbeInterval);
            probes++;

            var window = Stopwatch.GetElapsedTime(windowStarted);
            if (window >= settings.SampleInterval)
            {
                var sample = new LoadSample(Math.Min(1, delivery.TakeBusyTime() / window), lateness / probes, backlog.ShareBehind);
                LogSample(logger, sample.SchedulingDelay.TotalMilliseconds, sample.SenderBusy, sample.ConnectionsBehind);
                (windowStarted, lateness, probes) = (Stopwatch.GetTimestamp(), TimeSpan.Zero, 0);
                await ObserveAsync(sample);
            }
        }
    }

    /// <summary>Hands one interval's sample to the pace and, when the level changes, tells organisers.</summary>
    public async Task ObserveAsync(LoadSample sample)
    {
        if (!pace.Observe(sample))
        {
            return;
        }

        var load = pace.Current;
        LogLevelChanged(logger, load.Level, load.Reason, load.FrameIntervalMs, load.ChatPerSecondPerStream);
        metrics.DeliveryLevelIs((int)load.Level);
        try
        {
            await organisers.Clients.All.ServerLoad(load);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogAnnounceFailed(logger, exception);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    [LoggerMessage(1, LogLevel.Warning, "Delivery level {Level}: {Reason} (viewers get a frame every {FrameIntervalMs} ms at most, {ChatPerSecond} chat messages a second per stream)")]
    private static partial void LogLevelChanged(ILogger logger, DeliveryLevel level, string reason, int frameIntervalMs, double chatPerSecond);

    [LoggerMessage(3, LogLevel.Debug, "Load: work waited {SchedulingDelayMs:0} ms to start, sender busy {SenderBusy:P0}, {ConnectionsBehind:P1} of connections behind")]
    private static partial void LogSample(ILogger logger, double schedulingDelayMs, double senderBusy, double connectionsBehind);

    [LoggerMessage(2, LogLevel.Warning, "Could not tell organisers of the delivery level")]
    private static partial void LogAnnounceFailed(ILogger logger, Exception exception);
}
