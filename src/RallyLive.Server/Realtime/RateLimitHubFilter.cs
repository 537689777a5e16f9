using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Per-connection rate limits: reactions, chat, votes and everything else each have a token bucket. A call over
/// its limit fails with <c>RateLimited: …</c> and changes nothing; the connection stays open.
/// </summary>
public sealed class RateLimitHubFilter(IOptions<RealtimeOptions> options, TimeProvider time, RealtimeMetrics metrics) : IHubFilter
{
    private static readonly object BucketsKey = new();

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var kind = invocationContext.HubMethodName switch
        {
            "React" => nameof(RealtimeOptions.Reactions),
            "SendChat" => nameof(RealtimeOptions.Chat),
            "Vote" => nameof(RealtimeOptions.Votes),
            _ => nameof(RealtimeOptions.Other),
        };
        var items = invocationContext.Context.Items;
        if (items[BucketsKey] is not Dictionary<string, TokenBucket> buckets)
        {
            items[BucketsKey] = buckets = [];
        }

        if (!buckets.TryGetValue(kind, out var bucket))
        {
            buckets[kind] = bucket = new TokenBucket(LimitOf(kind), time);
        }

        if (!bucket.TryTake())
        {
            metrics.Rejected("RateLimited");
            throw new HubException($"RateLimited: Too many {kind.ToLowerInvariant()} calls on this connection; slow down.");
        }

        return await next(invocationContext);
    }

    private RateLimit LimitOf(string kind) => kind switch
    {
        nameof(RealtimeOptions.Reactions) => options.Value.Reactions,
        nameof(RealtimeOptions.Chat) => options.Value.Chat,
        nameof(RealtimeOptions.Votes) => options.Value.Votes,
        _ => options.Value.Other,
    };
}
