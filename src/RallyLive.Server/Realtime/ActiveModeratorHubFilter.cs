using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// A moderator key works only while the organiser has not revoked it: checked when a moderator connects and
/// on every call, so a demoted moderator's open console can do nothing more (and is closed on revocation).
/// </summary>
public sealed class ActiveModeratorHubFilter(IGrainFactory grains, RallyConnections connections) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        return await IsActiveAsync(invocationContext.Context)
            ? await next(invocationContext)
            : throw new HubException("Forbidden: This moderator key has been revoked.");
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        connections.Opened(context.Context.RallyId(), RallyRole.Moderator, context.Context.SubjectId(), context.Context);
        if (!await IsActiveAsync(context.Context))
        {
            context.Context.Abort();
            return;
        }

        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        connections.Closed(context.Context.RallyId(), RallyRole.Moderator, context.Context.SubjectId(), context.Context.ConnectionId);
        return next(context, exception);
    }

    private async Task<bool> IsActiveAsync(HubCallerContext connection) =>
        await grains.GetGrain<IRallyGrain>(connection.RallyId()).IsActiveModerator(connection.SubjectId());
}
