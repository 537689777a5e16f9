using System.Diagnostics.Metrics;

namespace RallyLive.Server.Realtime;

/// <summary>The server's live counters, on the <c>RallyLive.Server</c> meter (read them with dotnet-counters or any exporter).</summary>
public sealed class RealtimeMetrics : IDisposable
{
    public const string MeterName = "RallyLive.Server";

    private readonly Meter _meter;
    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _calls;
    private readonly Counter<long> _rejected;

    public RealtimeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("rallylive.hub.connections", description: "Open hub connections, by hub.");
        _calls = _meter.CreateCounter<long>("rallylive.hub.calls", description: "Hub calls received, by method.");
        _rejected = _meter.CreateCounter<long>("rallylive.inputs.rejected", description: "Client inputs refused, by reason (an error code).");
    }

    public void Connected(string hub) => _connections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void Disconnected(string hub) => _connections.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void Called(string method) => _calls.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dispose() => _meter.Dispose();
}
