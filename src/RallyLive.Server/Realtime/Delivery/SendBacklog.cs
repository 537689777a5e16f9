namespace RallyLive.Server.Realtime.Delivery;

/// <summary>
/// How many of this node's hub connections have messages waiting behind full buffers (their clients, or the network
/// to them, take less than they are sent), kept by <see cref="RallyHubLifetimeManager{THub}"/> for every hub: the
/// send-queue half of what <see cref="DeliveryLoadMonitor"/> calls saturated. A write waits only once a connection
/// has tens of KiB unsent, so a connection counted here is well behind.
/// </summary>
public sealed class SendBacklog
{
    private long _connections;
    private long _behind;

    /// <summary>The share of open connections with writes waiting, 0 to 1.</summary>
    public double ShareBehind
    {
        get
        {
            var connections = Interlocked.Read(ref _connections);
            return connections <= 0 ? 0 : Math.Clamp(Interlocked.Read(ref _behind) / (double)connections, 0, 1);
        }
    }

    public void Connected() => Interlocked.Increment(ref _connections);

    public void Disconnected() => Interlocked.Decrement(ref _connections);

    /// <summary>A connection's first write started waiting.</summary>
    public void FellBehind() => Interlocked.Increment(ref _behind);

    /// <summary>A connection's last waiting write finished (sent, or failed as the connection closed).</summary>
    public void CaughtUp() => Interlocked.Decrement(ref _behind);
}
