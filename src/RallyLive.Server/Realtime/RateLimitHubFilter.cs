using System.Net;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Rate limits per caller, not per connection: reactions, chat, votes and everything else each have a token bucket
/// per viewer (or moderator, or organiser) shared by all of their connections on this node, and viewers a bucket per
/// client address besides (<see cref="CallerRateLimits"/>).
/// A call over its limit fails with <c>RateLimited: …</c> and changes nothing; the connection stays open.
/// </summary>
public sealed class RateLimitHubFilter(CallerRateLimits limits, RealtimeMetrics metrics) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var kind = invocationContext.HubMethodName switch
        {
            "React" => nameof(RealtimeOptions.Reactions),
            "SendChat" => nameof(RealtimeOptions.Chat),
            "Vote" => nameof(RealtimeOptions.Votes),
            "AskQuestion" => nameof(RealtimeOptions.Questions),
            "ReportMessage" => nameof(RealtimeOptions.Reports),
            _ => nameof(RealtimeOptions.Other),
        };
        var caller = invocationContext.Context;
        var role = caller.User?.FindFirst(RallyTokenAuthenticationHandler.RoleClaim)?.Value ?? string.Empty;
        if (!limits.TryTake(caller.RallyId(), role, caller.SubjectId(), kind))
        {
            metrics.Rejected("RateLimited");
            throw new HubException($"RateLimited: Too many {kind.ToLowerInvariant()} calls from you; slow down.");
        }

        // A viewer's own bucket first, so that one viewer flooding spends none of what their neighbours share. Loopback
        // has none: it is this machine (the demo's crowd) or a proxy left out of RallyLive:TrustedProxies, behind which
        // one bucket would throttle the whole crowd.
        if (role == nameof(RallyRole.Viewer) && caller.GetHttpContext()?.Connection.RemoteIpAddress is { } address
            && !IPAddress.IsLoopback(address) && !limits.TryTakeForAddress(caller.RallyId(), address, kind))
        {
            metrics.Rejected("RateLimited");
            throw new HubException($"RateLimited: Too many {kind.ToLowerInvariant()} calls from your network; slow down.");
        }

        return await next(invocationContext);
    }
}
