using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime.Delivery;

/// <summary>Every hub connection counts as a client of its rally on this node, from before the hub sees it until it closes.</summary>
public sealed class DeliverySubscriptionFilter(RallyNode node) : IHubFilter
{
    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await node.ClientConnectedAsync(context.Context.RallyId());
        await next(context);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context, exception);
        }
        finally
        {
            node.ClientDisconnected(context.Context.RallyId());
        }
    }
}
