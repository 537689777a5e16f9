using System.Collections.Concurrent;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The number of the last event of each rally this node has sent to its clients. Hubs read it before any state for
/// a catch-up: everything numbered at or below it has happened already, so the catch-up reflects it. Numbers
/// come from the rally's delivery (<see cref="Delivery.RallyDeliveryGrain"/>), the same on every node.
/// </summary>
public sealed class RallySequences
{
    private readonly ConcurrentDictionary<string, long> _last = new(StringComparer.Ordinal);

    /// <summary>The node is about to send event <paramref name="sequence"/> of the rally; numbers only grow.</summary>
    public void Delivered(string rallyId, long sequence) =>
        _last.AddOrUpdate(rallyId, static (_, sequence) => sequence, static (_, last, sequence) => Math.Max(last, sequence), sequence);

    public long Current(string rallyId) => _last.GetValueOrDefault(rallyId);
}
