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
    private readonly Counter<long> _sent;
    private readonly Counter<long> _sampledOut;
    private readonly Counter<long> _dropped;
    private readonly Counter<long> _stalledClosed;

    public RealtimeMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        _meter = meters.Create(MeterName);
        _connections = _meter.CreateUpDownCounter<long>("rallylive.hub.connections", description: "Open hub connections, by hub.");
        _calls = _meter.CreateCounter<long>("rallylive.hub.calls", description: "Hub calls received, by method.");
        _rejected = _meter.CreateCounter<long>("rallylive.inputs.rejected", description: "Client inputs refused, by reason (an error code).");
        _sent = _meter.CreateCounter<long>("rallylive.messages.sent", description: "Messages sent to a group of clients, by message and audience (ChatMessage@viewers).");
        _sampledOut = _meter.CreateCounter<long>("rallylive.chat.sampled_out", description: "Visible chat messages not sent to a stream's viewers because of its fan-out cap.");
        _dropped = _meter.CreateCounter<long>("rallylive.broadcasts.dropped", description: "Broadcasts dropped because the send queue was full (the server could not keep up).");
        _stalledClosed = _meter.CreateCounter<long>("rallylive.connections.stalled_closed", description: "Connections closed because too many messages waited to be written to them (a stalled client).");
    }

    public void Connected(string hub) => _connections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void Disconnected(string hub) => _connections.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void Called(string method) => _calls.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Sent(string message) => _sent.Add(1, new KeyValuePair<string, object?>("message", message));

    public void SampledOut() => _sampledOut.Add(1);

    public void Dropped() => _dropped.Add(1);

    public void StalledConnectionClosed() => _stalledClosed.Add(1);

    public void Dispose() => _meter.Dispose();
}
