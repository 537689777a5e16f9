using System.Collections.Concurrent;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Numbers every event the server sends about a rally, in one sequence per rally, so a client can order what it
/// receives and tell a catch-up snapshot from frames that are older than it. One node keeps the counters in
/// memory; numbers restart after a restart, which clients see as a new connection that must catch up.
/// </summary>
public sealed class RallySequences
{
    private readonly ConcurrentDictionary<string, long> _last = new(StringComparer.Ordinal);

    public long Next(string rallyId) => _last.AddOrUpdate(rallyId, 1, static (_, last) => last + 1);

    public long Current(string rallyId) => _last.GetValueOrDefault(rallyId);
}
