using System.Diagnostics;
using HdrHistogram;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Latencies in microseconds, recorded from many threads into an HdrHistogram (three significant digits, up to an
/// hour). Every latency is measured from the time a send was SCHEDULED, not from when it went out, so a generator
/// that falls behind shows the delay instead of hiding it (no coordinated omission).
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly LongConcurrentHistogram _histogram = new(1, 3_600_000_000L, 3);

    public long Count => _histogram.TotalCount;

    /// <summary>Records the time from <paramref name="scheduledTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long scheduledTimestamp) => RecordMicroseconds(ElapsedMicroseconds(scheduledTimestamp, Stopwatch.GetTimestamp()));

    public void RecordMicroseconds(long microseconds) => _histogram.RecordValue(Math.Max(1, microseconds));

    /// <summary>The value at <paramref name="percentile"/> (0–100) in milliseconds, or 0 when nothing was recorded.</summary>
    public double PercentileMs(double percentile) => Count == 0 ? 0 : _histogram.GetValueAtPercentile(percentile) / 1000.0;

    public double MaxMs => Count == 0 ? 0 : _histogram.GetMaxValue() / 1000.0;

    public LatencySummary Summary() => new(Count, PercentileMs(50), PercentileMs(99), MaxMs);

    public static long ElapsedMicroseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1_000_000 / Stopwatch.Frequency;
}

/// <summary>A latency distribution in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary None = new(0, 0, 0, 0);
}
