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

    public int Count => _buckets.Count;

    /// <summary>Takes one call of <paramref name="kind"/> (a <see cref="RealtimeOptions"/> limit's name) from the caller's bucket.</summary>
    public bool TryTake(string rallyId, string role, string subject, string kind)
    {
        var bucket = _buckets.GetOrAdd((rallyId, role, subject, kind), key => new Bucket(LimitOf(key.Role, key.Kind), time));
        if (_buckets.Count >= _sweepAt)
        {
            Sweep();
        }

        return bucket.TryTake();
    }

    private void Sweep()
    {
        foreach (var (key, bucket) in _buckets)
        {
            if (bucket.IsFull())
            {
                _buckets.TryRemove(key, out _);
            }
        }

        _sweepAt = Math.Max(4096, _buckets.Count * 2);
    }

    /// <summary>
    /// Takes one call of <paramref name="kind"/> from the bucket of every viewer of the rally calling from
    /// <paramref name="address"/>; an IPv6 address counts as its /64, which one machine may fill as it likes.
    /// </summary>
    public bool TryTakeForAddress(string rallyId, IPAddress address, string kind) =>
        TryTake(rallyId, AddressRole, AddressKey(address), kind);

    private static string AddressKey(IPAddress address)
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
