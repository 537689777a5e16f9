using System.Diagnostics.Metrics;

namespace RallyLive.Grains.Streams;

/// <summary>Stream grains' own measures, on the <c>RallyLive.Grains</c> meter.</summary>
public sealed class StreamMetrics : IDisposable
{
    public const string MeterName = "RallyLive.Grains";

    private readonly Meter _meter;
    private readonly Histogram<double> _tickDuration;

    public StreamMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _tickDuration = _meter.CreateHistogram<double>("rallylive.stream.tick.duration", unit: "ms",
            description: "How long a stream's tick takes: frame out, sentiment and narratives fed, totals stored when due.");
    }

    public void Ticked(TimeSpan duration) => _tickDuration.Record(duration.TotalMilliseconds);

    public void Dispose() => _meter.Dispose();
}
