using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Options;
using RallyLive.Grains;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Client addresses barred from minting viewer tokens and opening viewer connections, because more of their viewer
/// connections were closed for calling on after refusals (<see cref="RateLimitHubFilter"/>) than
/// <see cref="RealtimeOptions.RefusalClosesPerAddress"/> allows. Closing a flooding connection alone is not enough: its
/// machine mints a new token and comes straight back (4,900 times in a minute in the hostile load run). A barred
/// address's open connections stay. Loopback is never barred (the demo's crowd, or a proxy missing from
/// <c>RallyLive:TrustedProxies</c>). Per node; the table holds only addresses with closes in the last few minutes.
/// </summary>
public sealed class BarredAddresses(IOptions<RealtimeOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, Entry> _addresses = new(StringComparer.Ordinal);

    /// <summary>Notes that a viewer connection from <paramref name="address"/> was closed for refusals; may bar the address.</summary>
    public void ConnectionClosed(IPAddress address)
    {
        if (IPAddress.IsLoopback(address))
        {
            return;
        }

        var entry = _addresses.GetOrAdd(CallerRateLimits.AddressKey(address), _ => new Entry(new TokenBucket(options.Value.RefusalClosesPerAddress, time)));
        lock (entry)
        {
            entry.LastClosedAt = time.GetUtcNow();
            if (!entry.Closes.TryTake())
            {
                entry.BarredUntil = entry.LastClosedAt + options.Value.AddressBarTime;
            }
        }

        if (_addresses.Count > 4096)
        {
            Sweep();
        }
    }

    /// <summary>Whether <paramref name="address"/> is barred now, and for how much longer.</summary>
    public bool IsBarred(IPAddress? address, out TimeSpan remaining)
    {
        remaining = TimeSpan.Zero;
        if (address is null || !_addresses.TryGetValue(CallerRateLimits.AddressKey(address), out var entry))
        {
            return false;
        }

        lock (entry)
        {
            remaining = entry.BarredUntil - time.GetUtcNow();
        }

        return remaining > TimeSpan.Zero;
    }

    /// <summary>Forgets addresses neither barred nor closed lately (their bucket of closes has refilled).</summary>
    private void Sweep()
    {
        var limit = options.Value.RefusalClosesPerAddress;
        var refilled = TimeSpan.FromSeconds(limit.Burst / limit.PerSecond);
        var now = time.GetUtcNow();
        foreach (var (key, entry) in _addresses)
        {
            lock (entry)
            {
                if (entry.BarredUntil <= now && now - entry.LastClosedAt >= refilled)
                {
                    _addresses.TryRemove(key, out _);
                }
            }
        }
    }

    private sealed class Entry(TokenBucket closes)
    {
        public TokenBucket Closes { get; } = closes;

        public DateTimeOffset LastClosedAt { get; set; }

        public DateTimeOffset BarredUntil { get; set; }
    }
}
