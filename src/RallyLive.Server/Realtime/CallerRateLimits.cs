using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The hub's token buckets, one per caller (rally, role and the token's subject: a viewer, a moderator, an organiser)
/// and kind of call, shared by all of that caller's connections on this node: opening more connections buys a
/// viewer no more reactions, chat or votes. A bucket that has refilled is the same as a new one, so those idle long
/// enough to be full are forgotten whenever the table doubles, which keeps it bounded by the callers active lately.
/// </summary>
public sealed class CallerRateLimits(IOptions<RealtimeOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<(string RallyId, string Role, string Subject, string Kind), Bucket> _buckets = new();
    private int _sweepAt = 4096;

    public int Count => _buckets.Count;

    /// <summary>Takes one call of <paramref name="kind"/> (a <see cref="RealtimeOptions"/> limit's name) from the caller's bucket.</summary>
    public bool TryTake(string rallyId, string role, string subject, string kind)
    {
        var bucket = _buckets.GetOrAdd((rallyId, role, subject, kind), key => new Bucket(LimitOf(key.Kind), time));
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

    private RateLimit LimitOf(string kind) => kind switch
    {
        nameof(RealtimeOptions.Reactions) => options.Value.Reactions,
        nameof(RealtimeOptions.Chat) => options.Value.Chat,
        nameof(RealtimeOptions.Votes) => options.Value.Votes,
        nameof(RealtimeOptions.Questions) => options.Value.Questions,
        _ => options.Value.Other,
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
