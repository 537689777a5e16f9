using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// A token is checked when a connection opens, and a connection must not outlive it: each connection gets a timer (on
/// the injected <see cref="TimeProvider"/>) that closes it when its token expires. The client's reconnection with the
/// expired token is then refused with 401 <c>Unauthenticated</c>, which tells it to get a new token.
/// </summary>
public sealed class TokenExpiryHubFilter(TimeProvider time) : IHubFilter
{
    private static readonly object TimerKey = new();

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = context.Context;
        var expires = connection.User?.FindFirst(RallyTokenAuthenticationHandler.ExpiresClaim)?.Value is { } value && long.TryParse(value, out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : (DateTimeOffset?)null;
        if (expires is { } at)
        {
            var left = at - time.GetUtcNow();
            if (left <= TimeSpan.Zero)
            {
                connection.Abort();
                return;
            }

            connection.Items[TimerKey] = time.CreateTimer(_ => connection.Abort(), null, left, Timeout.InfiniteTimeSpan);
        }

        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (context.Context.Items.TryGetValue(TimerKey, out var timer) && timer is IDisposable disposable)
        {
            disposable.Dispose();
        }

        await next(context, exception);
    }
}
