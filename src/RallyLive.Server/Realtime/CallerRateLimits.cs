using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;
using RallyLive.Grains;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The hub's token buckets, one per caller (rally, role and the token's subject: a viewer, a moderator, an organiser)
/// and kind of call, shared by all of that caller's connections on this node: opening more connections buys a
/// viewer no more reactions, chat or votes. A bucket that has refilled is the same as a new one, so those idle long
/// enough to be full are forgotten whenever the table doubles, which keeps it bounded by the callers active lately.
/// Viewers also share buckets per client address (<see cref="TryTakeForAddress"/>), since a viewer token costs nothing.
/// </summary>
public sealed class CallerRateLimits(IOptions<RealtimeOptions> options, TimeProvider time)
{
    /// <summary>The role under which the buckets of a client address are kept, apart from any caller's.</summary>
    private const string AddressRole = "address";

    private readonly ConcurrentDictionary<(string RallyId, string Role, string Subject, string Kind), Bucket> _buckets = new();
    private int _sweepAt = 4096;

    /// <summary>Buckets added and not yet swept away: what <see cref="_buckets"/> holds.</summary>
    private int _count;

    public int Count => _buckets.Count;

    /// <summary>Takes one call of <paramref name="kind"/> (a <see cref="RealtimeOptions"/> limit's name) from the caller's bucket.</summary>
    public bool TryTake(string rallyId, string role, string subject, string kind)
    {
        var key = (rallyId, role, subject, kind);
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            // Counted here, not with the dictionary's Count, which takes every one of its locks: on each call, that
            // made every hub call of the node wait on every other (7 % of the CPU in a 19,000-viewer poll burst).
            var added = new Bucket(LimitOf(role, kind), time);
            bucket = _buckets.GetOrAdd(key, added);
            if (ReferenceEquals(bucket, added) && Interlocked.Increment(ref _count) >= Volatile.Read(ref _sweepAt))
            {
                Sweep();
            }
        }

        return bucket.TryTake();
    }

    private void Sweep()
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull() && _buckets.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        Volatile.Write(ref _sweepAt, Math.Max(4096, Volatile.Read(ref _count) * 2));
    }

    /// <summary>
    /// Takes one call of <paramref name="kind"/> from the bucket of every viewer of the rally calling from
    /// <paramref name="address"/>; an IPv6 address counts as its /64, which one machine may fill as it likes.
    /// </summary>
    public bool TryTakeForAddress(string rallyId, IPAddress address, string kind) =>
        TryTake(rallyId, AddressRole, AddressKey(address), kind);

    /// <summary>How a client address is keyed: IPv4 as itself, IPv6 as its /64, which one machine may fill as it likes.</summary>
    internal static string AddressKey(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }

    private RateLimit LimitOf(string role, string kind) => (role == AddressRole, kind) switch
    {
        (false, nameof(RealtimeOptions.Reactions)) => options.Value.Reactions,
        (false, nameof(RealtimeOptions.Chat)) => options.Value.Chat,
        (false, nameof(RealtimeOptions.Votes)) => options.Value.Votes,
        (false, nameof(RealtimeOptions.Questions)) => options.Value.Questions,
        (false, nameof(RealtimeOptions.Reports)) => options.Value.Reports,
        (false, _) => options.Value.Other,
        (true, nameof(RealtimeOptions.Reactions)) => options.Value.ReactionsPerAddress,
        (true, nameof(RealtimeOptions.Chat)) => options.Value.ChatPerAddress,
        (true, nameof(RealtimeOptions.Votes)) => options.Value.VotesPerAddress,
        (true, nameof(RealtimeOptions.Reports)) => options.Value.ReportsPerAddress,
        (true, _) => options.Value.OtherPerAddress,
    };

    /// <summary>A <see cref="TokenBucket"/> that several connections' calls may take from at once.</summary>
    private sealed class Bucket(RateLimit limit, TimeProvider time)
    {
        private readonly Lock _lock = new();
        private readonly TokenBucket _tokens = new(limit, time);
        private readonly TimeSpan _refillTime = TimeSpan.FromSeconds(limit.Burst / limit.PerSecond);
        private long _lastTakenAt = time.GetTimestamp();

        public bool TryTake()
        {
            lock (_lock)
            {
                _lastTakenAt = time.GetTimestamp();
                return _tokens.TryTake();
            }
        }

        public bool IsFull()
        {
            lock (_lock)
            {
                return time.GetElapsedTime(_lastTakenAt) >= _refillTime;
            }
        }
    }
}
