using System.Diagnostics;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Fires events at a fixed rate: event k is due at start + k / rate. The loop never waits for an event to complete,
/// and a late loop fires every overdue event at once with its own scheduled time, so latency is measured from when
/// each send should have happened (the generator falling behind shows up as latency, not as a slower rate).
/// </summary>
internal static class ArrivalSchedule
{
    /// <summary>Fires <paramref name="fire"/>(scheduled Stopwatch timestamp, k) for k = 0, 1, … at <paramref name="perSecond"/> for <paramref name="duration"/>.</summary>
    public static Task RunAsync(double perSecond, TimeSpan duration, Action<long, long> fire, CancellationToken cancellationToken = default) =>
        RunAsync(Stopwatch.GetTimestamp(), perSecond, duration, fire, cancellationToken);

    /// <summary>
    /// The same, from a given <paramref name="start"/> (a Stopwatch timestamp, which is the machine's monotonic clock:
    /// other processes on this machine can work out when event k is due).
    /// </summary>
    public static async Task RunAsync(long start, double perSecond, TimeSpan duration, Action<long, long> fire, CancellationToken cancellationToken = default)
    {
        if (perSecond <= 0)
        {
            await Task.Delay(duration, cancellationToken);
            return;
        }

        var interval = Interval(perSecond);
        var total = (long)Math.Round(perSecond * duration.TotalSeconds);
        long next = 0;
        while (next < total && !cancellationToken.IsCancellationRequested)
        {
            var now = Stopwatch.GetTimestamp();
            while (next < total && start + (long)(next * interval) <= now)
            {
                fire(start + (long)(next * interval), next);
                next++;
            }

            await Task.Delay(1, cancellationToken);
        }
    }

    /// <summary>Event k of a schedule at <paramref name="perSecond"/> is due at start + (long)(k × this).</summary>
    public static double Interval(double perSecond) => Stopwatch.Frequency / perSecond;
}

/// <summary>Starting a send without waiting for it: its outcome is recorded by the send itself.</summary>
internal static class TaskExtensions
{
    public static void Forget(this Task task) => _ = task;
}
