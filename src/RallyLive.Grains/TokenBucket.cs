using RallyLive.Abstractions;

namespace RallyLive.Grains;

/// <summary>
/// A token bucket on an injected <see cref="TimeProvider"/>. Written here rather than taken from
/// System.Threading.RateLimiting because that limiter neither accepts a TimeProvider (tests would have to wait
/// in real time) nor refills without a timer per limiter (one per connection and kind would be many timers).
/// Not thread-safe: callers that share one take a lock (a grain's turn, or the hubs' caller limits' lock).
/// </summary>
public sealed class TokenBucket(RateLimit limit, TimeProvider time)
{
    private double _tokens = limit.Burst;
    private long _refilledAt = time.GetTimestamp();

    public bool TryTake() => TryTake(rateShare: 1);

    /// <summary>
    /// Takes a token for a viewer's call, or refuses the call: <c>RateLimited</c>, naming <paramref name="what"/>
    /// ("votes"). Call it after every other check, so that a call refused for another reason costs nothing.
    /// </summary>
    public void TakeOrRefuse(string what)
    {
        if (!TryTake())
        {
            throw new RallyException(RallyErrorCode.RateLimited, $"Too many {what} from you; slow down.");
        }
    }

    /// <summary>
    /// Takes a token, the bucket having refilled at <paramref name="rateShare"/> of its rate since the last call: a
    /// node shedding load lets through a smaller share, without a new bucket that would start with a full burst.
    /// </summary>
    public bool TryTake(double rateShare)
    {
        var now = time.GetTimestamp();
        _tokens = Math.Min(limit.Burst, _tokens + (time.GetElapsedTime(_refilledAt, now).TotalSeconds * limit.PerSecond * rateShare));
        _refilledAt = now;
        if (_tokens < 1)
        {
            return false;
        }

        _tokens--;
        return true;
    }
}

/// <summary>A token bucket's rule: <see cref="Burst"/> calls at once, then <see cref="PerSecond"/> a second.</summary>
public sealed record RateLimit(double PerSecond, int Burst);
