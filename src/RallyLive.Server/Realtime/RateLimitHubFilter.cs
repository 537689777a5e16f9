using System.Net;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;
using RallyLive.Grains;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Rate limits per caller, not per connection: reactions, chat, votes and everything else each have a token bucket
/// per viewer (or moderator, or organiser) shared by all of their connections on this node, and viewers a bucket per
/// client address besides (<see cref="CallerRateLimits"/>).
/// A call over its limit fails with <c>RateLimited: …</c> and changes nothing. A viewer connection that keeps calling
/// once refused, past <see cref="RealtimeOptions.RefusedCallsPerViewerConnection"/>, is closed, and its address may
/// be barred for it (<see cref="BarredAddresses"/>).
/// </summary>
public sealed class RateLimitHubFilter(CallerRateLimits limits, BarredAddresses barred, RealtimeMetrics metrics, IOptions<RealtimeOptions> options, TimeProvider time)
    : IHubFilter
{
    /// <summary>Each viewer connection's refusals left, for as long as the connection lives.</summary>
    private readonly ConditionalWeakTable<HubCallerContext, TokenBucket> _refusalBudgets = new();

    /// <remarks>
    /// Not an async method: this runs on every hub call, so a call let through costs no state machine of its own, and a
    /// refusal is handed back as a failed call rather than thrown here (a flood's refusals are most of what it sends).
    /// </remarks>
    public ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
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
            return Refuse(caller, role, $"RateLimited: Too many {kind.ToLowerInvariant()} calls from you; slow down.");
        }

        // A viewer's own bucket first, so that one viewer flooding spends none of what their neighbours share. Loopback
        // has none: it is this machine (the demo's crowd) or a proxy left out of RallyLive:TrustedProxies, behind which
        // one bucket would throttle the whole crowd.
        if (role == nameof(RallyRole.Viewer) && caller.GetHttpContext()?.Connection.RemoteIpAddress is { } address
            && !IPAddress.IsLoopback(address) && !limits.TryTakeForAddress(caller.RallyId(), address, kind))
        {
            return Refuse(caller, role, $"RateLimited: Too many {kind.ToLowerInvariant()} calls from your network; slow down.");
        }

        return next(invocationContext);
    }

    /// <summary>The call failed with <paramref name="message"/>; a viewer connection out of refusals is closed as well.</summary>
    private ValueTask<object?> Refuse(HubCallerContext caller, string role, string message)
    {
        metrics.Rejected("RateLimited");
        if (role == nameof(RallyRole.Viewer) && !TryTakeRefusal(caller))
        {
            metrics.ClosedForRefusals();
            caller.Abort();
            if (caller.GetHttpContext()?.Connection.RemoteIpAddress is { } address)
            {
                barred.ConnectionClosed(address);
            }
        }

        return ValueTask.FromException<object?>(new HubException(message));
    }

    /// <summary>Takes one of the connection's refusals; false when it has none left. Its calls may run in parallel (MaximumParallelInvocationsPerClient).</summary>
    private bool TryTakeRefusal(HubCallerContext caller)
    {
        var refusals = _refusalBudgets.GetValue(caller, _ => new TokenBucket(options.Value.RefusedCallsPerViewerConnection, time));
        lock (refusals)
        {
            return refusals.TryTake();
        }
    }
}
