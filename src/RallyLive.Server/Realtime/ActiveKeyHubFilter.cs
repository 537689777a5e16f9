using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>
/// A moderator key works only until the organiser revokes it, and an organiser key only until the organiser rotates it:
/// checked when a moderator or organiser connects and on every call, so that an open console or control panel whose key
/// was taken away can do nothing more (and is closed when it happens on this node).
/// </summary>
public sealed class ActiveKeyHubFilter(IGrainFactory grains, RallyConnections connections) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        return await IsActiveAsync(invocationContext.Context)
            ? await next(invocationContext)
            : throw new HubException("Forbidden: This key has been revoked.");
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = context.Context;
        connections.Opened(connection.RallyId(), connection.User!.Role(), connection.SubjectId(), connection);
        if (!await IsActiveAsync(connection))
        {
            connection.Abort();
            return;
        }

        await next(context);
    }

    public Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var connection = context.Context;
        connections.Closed(connection.RallyId(), connection.User!.Role(), connection.SubjectId(), connection.ConnectionId);
        return next(context, exception);
    }

    private ValueTask<bool> IsActiveAsync(HubCallerContext connection) =>
        grains.IsActiveKeyAsync(connection.RallyId(), connection.User!.Role(), connection.SubjectId());
}
