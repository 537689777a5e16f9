using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Holds a crowd on one rally with steady reactions and a probe a second for a number of minutes, sampling every ten
/// seconds the server's RSS, the probe p99 of the last interval and the counts lost; writes <c>soak.dat</c> and
/// <c>soak.md</c> with the memory slope (a least-squares line through the RSS samples, in MB per hour).
/// </summary>
internal static class Soak
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var minutes = double.Parse(options.GetValueOrDefault("minutes", "30"), CultureInfo.InvariantCulture);
        var viewers = int.Parse(options.GetValueOrDefault("viewers", "3000"), CultureInfo.InvariantCulture);
        var perMinute = int.Parse(options.GetValueOrDefault("reactions-per-viewer-per-minute", "6"), CultureInfo.InvariantCulture);
        var directory = options["out"];
        Directory.CreateDirectory(directory);
        var target = new RallyLiveTarget(new Uri(options["server"]), int.Parse(options["server-pid"], CultureInfo.InvariantCulture));
        await using var factory = new ConnectionFactory();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        var totals = new LoadTotals();
        var crowd = new Crowd(target, await target.CreateRallyAsync(http, 0), totals, maxProbes: (int)(minutes * 60) + 600);
        await crowd.AddViewersAsync(viewers, factory, http);
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} soak: {viewers:N0} viewers for {minutes} min at {perMinute}/viewer/min");

        var duration = TimeSpan.FromMinutes(minutes);
        var rate = viewers * perMinute / 60.0;
        var reactions = ArrivalSchedule.RunAsync(rate, duration, (scheduled, k) => crowd.ReactAsync(crowd.Viewers[(int)(k * 7919 % viewers)], 1, scheduled, null).Forget());
        var probes = ArrivalSchedule.RunAsync(1, duration, (scheduled, _) => crowd.ProbeAsync(scheduled).Forget());
        var samples = new List<(double Minutes, double RssMb, double P99Ms, long Lost)>();
        var started = Stopwatch.GetTimestamp();
        var data = new StringBuilder("# minutes rss_mb p99_ms lost\n");
        using var timer = new PeriodicTimer(Interval);
        while (!reactions.IsCompleted && await timer.WaitForNextTickAsync())
        {
            var window = crowd.ProbeLatency;
            crowd.ProbeLatency = new LatencyRecorder();
            // Counts in flight are not lost: a viewer is behind only by what was accepted less than a second ago.
            var (lost, _, closed) = crowd.Check();
            var sample = (Stopwatch.GetElapsedTime(started).TotalMinutes, target.Process.ResidentBytes() / 1e6, window.PercentileMs(99), closed);
            samples.Add(sample);
            data.AppendLine(CultureInfo.InvariantCulture, $"{sample.Item1:F2} {sample.Item2:F1} {sample.Item3:F1} {closed}");
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss}  {sample.Item1:F1} min: RSS {sample.Item2:N0} MB, p99 {sample.Item3:N1} ms, viewers behind {lost:N0} counts, closed {closed}");
        }

        await Task.WhenAll(reactions, probes);
        await crowd.DrainAsync(TimeSpan.FromSeconds(15));
        var (finalLost, duplicated, finalClosed) = crowd.Check();
        var slope = Slope(samples.Select(s => (s.Minutes / 60, s.RssMb)).ToList());
        // The first third is the server warming up (its heap growing to its working size); the rest is the steady state.
        var settled = samples.Skip(samples.Count / 3).ToList();
        var settledSlope = Slope(settled.Select(s => (s.Minutes / 60, s.RssMb)).ToList());
        await File.WriteAllTextAsync(Path.Combine(directory, "soak.dat"), data.ToString());
        var all = samples.Select(s => s.P99Ms).ToList();
        await File.WriteAllTextAsync(Path.Combine(directory, "soak.md"), string.Create(CultureInfo.InvariantCulture, $"""
            | figure | value |
            |---|---|
            | viewers held | {viewers:N0} on one rally |
            | traffic | {perMinute} reactions per viewer per minute ({rate:N0}/s) and a probe a second |
            | duration | {minutes} min, {samples.Count} samples |
            | server RSS first / last | {samples.FirstOrDefault().RssMb:N0} MB / {samples.LastOrDefault().RssMb:N0} MB |
            | memory slope (least squares), whole run | {slope:N1} MB per hour |
            | memory slope after the first third (warm-up) | **{settledSlope:N1} MB per hour** (RSS {(settled.Count == 0 ? 0 : settled.Min(s => s.RssMb)):N0} to {(settled.Count == 0 ? 0 : settled.Max(s => s.RssMb)):N0} MB) |
            | p99 reaction to viewer, per 10 s: median / worst | {Median(all):N1} ms / {(all.Count == 0 ? 0 : all.Max()):N1} ms |
            | reactions accepted | {crowd.LoadAccepted:N0} (and {crowd.ProbesAccepted:N0} probes) |
            | lost / duplicated counts after the drain | **{finalLost:N0} / {duplicated:N0}** |
            | connections closed by the server | {finalClosed:N0} |
            | call errors | {crowd.Errors:N0}{(crowd.FirstError is null ? "" : $" (first: {crowd.FirstError})")} |

            """));
        await crowd.CloseAsync();
        return finalLost == 0 && duplicated == 0 ? 0 : 1;
    }

    /// <summary>The least-squares slope of y over x.</summary>
    public static double Slope(IReadOnlyList<(double X, double Y)> points)
    {
        if (points.Count < 2)
        {
            return 0;
        }

        var (meanX, meanY) = (points.Average(p => p.X), points.Average(p => p.Y));
        var covariance = points.Sum(p => (p.X - meanX) * (p.Y - meanY));
        var variance = points.Sum(p => (p.X - meanX) * (p.X - meanX));
        return variance == 0 ? 0 : covariance / variance;
    }

    private static double Median(List<double> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);
}
