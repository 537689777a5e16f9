using System.Diagnostics;
using HdrHistogram;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Latencies in microseconds, recorded from many threads into an HdrHistogram (three significant digits, up to an
/// hour) and readable at any moment, while recording goes on. Every latency is measured from the time a send was
/// SCHEDULED, not from when it went out, so a generator that falls behind shows the delay instead of hiding it (no
/// coordinated omission).
/// </summary>
/// <remarks>
/// Writers record into HdrHistogram's <see cref="Recorder"/>, which never blocks them; a reader swaps out what was
/// recorded since the last read (a stable interval histogram) and adds it to the running total under a lock. Reading a
/// histogram that writers are changing is what made the generator die on its own measurement.
/// </remarks>
internal sealed class LatencyRecorder
{
    private const long MaxMicroseconds = 3_600_000_000L;

    private readonly Recorder _recorder = HistogramFactory.With64BitBucketSize().WithValuesFrom(1).WithValuesUpTo(MaxMicroseconds).WithPrecisionOf(3)
        .WithThreadSafeWrites().WithThreadSafeReads().Create();

    private readonly LongHistogram _total = new(1, MaxMicroseconds, 3);
    private readonly Lock _reading = new();
    private HistogramBase? _interval;

    public long Count => Read(total => total.TotalCount);

    /// <summary>Records the time from <paramref name="scheduledTimestamp"/> (a <see cref="Stopwatch"/> timestamp) to now.</summary>
    public void RecordSince(long scheduledTimestamp) => RecordMicroseconds(ElapsedMicroseconds(scheduledTimestamp, Stopwatch.GetTimestamp()));

    public void RecordMicroseconds(long microseconds) => _recorder.RecordValue(Math.Clamp(microseconds, 1, MaxMicroseconds));

    /// <summary>The value at <paramref name="percentile"/> (0–100) in milliseconds, or 0 when nothing was recorded.</summary>
    public double PercentileMs(double percentile) => Read(total => total.TotalCount == 0 ? 0 : total.GetValueAtPercentile(percentile) / 1000.0);

    public double MaxMs => Read(total => total.TotalCount == 0 ? 0 : total.GetMaxValue() / 1000.0);

    /// <summary>Count, median, 99th percentile and maximum, all from one reading.</summary>
    public LatencySummary Summary() => Read(total => total.TotalCount == 0
        ? LatencySummary.None
        : new LatencySummary(total.TotalCount, total.GetValueAtPercentile(50) / 1000.0, total.GetValueAtPercentile(99) / 1000.0, total.GetMaxValue() / 1000.0));

    /// <summary>Everything recorded, as (microseconds, count) pairs: how another process adds it to its own (<see cref="Add"/>).</summary>
    public long[][] Values() => Read(total => total.RecordedValues().Select(v => new[] { v.ValueIteratedTo, v.CountAtValueIteratedTo }).ToArray());

    /// <summary>Adds (microseconds, count) pairs another recorder gave (<see cref="Values"/>).</summary>
    public void Add(IEnumerable<long[]> values)
    {
        foreach (var value in values)
        {
            _recorder.RecordValueWithCount(Math.Clamp(value[0], 1, MaxMicroseconds), value[1]);
        }
    }

    public static long ElapsedMicroseconds(long fromTimestamp, long toTimestamp) =>
        (toTimestamp - fromTimestamp) * 1_000_000 / Stopwatch.Frequency;

    /// <summary>Adds what was recorded since the last reading to the total and reads the total, one reader at a time.</summary>
    private T Read<T>(Func<HistogramBase, T> read)
    {
        lock (_reading)
        {
            _interval = _interval is null ? _recorder.GetIntervalHistogram() : _recorder.GetIntervalHistogram(_interval);
            _total.Add(_interval);
            return read(_total);
        }
    }
}

/// <summary>
/// Latencies split by when the thing measured was due: slice k holds those due from <paramref name="start"/> + k ×
/// <paramref name="length"/> on (the last slice also whatever comes after). Shows which part of a window a tail comes from.
/// </summary>
internal sealed class LatencySlices(long start, TimeSpan length, int count)
{
    private readonly LatencyRecorder[] _slices = [.. Enumerable.Range(0, count).Select(_ => new LatencyRecorder())];

    /// <summary>Records <paramref name="microseconds"/> in the slice <paramref name="scheduledTimestamp"/> falls in (nothing before the start).</summary>
    public void Record(long scheduledTimestamp, long microseconds)
    {
        if (scheduledTimestamp >= start)
        {
            var slice = (long)(Stopwatch.GetElapsedTime(start, scheduledTimestamp) / length);
            _slices[Math.Min(slice, count - 1)].RecordMicroseconds(microseconds);
        }
    }

    public IReadOnlyList<LatencySummary> Summaries() => [.. _slices.Select(s => s.Summary())];
}

/// <summary>A latency distribution in milliseconds.</summary>
internal sealed record LatencySummary(long Count, double P50Ms, double P99Ms, double MaxMs)
{
    public static readonly LatencySummary None = new(0, 0, 0, 0);
}
