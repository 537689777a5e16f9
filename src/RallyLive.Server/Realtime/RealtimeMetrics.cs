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
    private readonly Counter<long> _talliesSkipped;
    private readonly Counter<long> _stalledClosed;
    private readonly Counter<long> _closedForRefusals;
    private readonly Counter<long> _clientMessages;
    private readonly Histogram<double> _frameLag;
    private readonly Counter<long> _framesMerged;
    private int _deliveryLevel;

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
        _talliesSkipped = _meter.CreateCounter<long>("rallylive.polls.tallies_skipped", description: "Poll tally announcements not sent because a newer one of the same poll was already waiting (sending had fallen behind).");
        _closedForRefusals = _meter.CreateCounter<long>("rallylive.connections.closed_for_refusals",
            description: "Viewer connections closed because they kept calling after their calls were refused by the rate limits.");
        _stalledClosed = _meter.CreateCounter<long>("rallylive.connections.stalled_closed", description: "Connections closed because too many messages waited to be written to them (a stalled client).");
        _clientMessages = _meter.CreateCounter<long>("rallylive.client_messages.sent", unit: "{message}",
            description: "Hub messages written to client connections on this node (one per recipient), by hub method.");
        _frameLag = _meter.CreateHistogram("rallylive.delivery.frame_lag", unit: "s",
            description: "From a stream's tick to its frame being handed to this node's viewer connections (the frame's time against this node's clock).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10] });
        _framesMerged = _meter.CreateCounter<long>("rallylive.frames.merged", description: "Stream frames not sent to viewers on their own but merged into the next frame of their stream (sending fell behind, or the node sheds load).");
        _meter.CreateObservableGauge("rallylive.delivery.level", () => Volatile.Read(ref _deliveryLevel),
            description: "How much this node sends its viewers: 0 everything, 1 reduced, 2 minimal (it sheds load while saturated).");
    }

    public void Connected(string hub) => _connections.Add(1, new KeyValuePair<string, object?>("hub", hub));

    public void Disconnected(string hub) => _connections.Add(-1, new KeyValuePair<string, object?>("hub", hub));

    public void Called(string method) => _calls.Add(1, new KeyValuePair<string, object?>("method", method));

    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Sent(string message) => _sent.Add(1, new KeyValuePair<string, object?>("message", message));

    public void SampledOut() => _sampledOut.Add(1);

    public void Dropped() => _dropped.Add(1);

    public void TalliesSkipped() => _talliesSkipped.Add(1);

    public void StalledConnectionClosed() => _stalledClosed.Add(1);

    public void ClosedForRefusals() => _closedForRefusals.Add(1);

    public void FrameMerged() => _framesMerged.Add(1);

    public void DeliveryLevelIs(int level) => Volatile.Write(ref _deliveryLevel, level);

    public void WrittenToClients(string method, int connections)
    {
        if (connections > 0)
        {
            _clientMessages.Add(connections, new KeyValuePair<string, object?>("method", method));
        }
    }

    /// <summary>Records how late a frame stamped <paramref name="framedAt"/> reaches clients; a clock ahead of this node's counts as zero.</summary>
    public void FrameDelivered(DateTimeOffset framedAt, DateTimeOffset now) => _frameLag.Record(Math.Max(0, (now - framedAt).TotalSeconds));

    public void Dispose() => _meter.Dispose();
}
