using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>
/// Sums what one server records on one of its meters (<c>RallyLive.Server</c> unless named), by instrument and tags
/// (<c>rallylive.inputs.rejected/Forbidden</c>). Scoped to that server's meter factory: tests run servers side by side.
/// </summary>
public sealed class MeterCapture : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _totals = new();

    public MeterCapture(IMeterFactory meters, Action<string, long>? measured = null, string meterName = RealtimeMetrics.MeterName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == meterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = $"{instrument.Name}/{string.Join(",", tags.ToArray().Select(t => t.Value))}";
            var total = _totals.AddOrUpdate(key, value, (_, sum) => sum + value);
            measured?.Invoke(key, total);
        });
        _listener.Start();
    }

    public long this[string key] => _totals.GetValueOrDefault(key);

    public void Dispose() => _listener.Dispose();
}
