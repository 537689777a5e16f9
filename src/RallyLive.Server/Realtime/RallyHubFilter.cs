using Microsoft.AspNetCore.SignalR;
using RallyLive.Grains;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Turns a grain's refusal into a <see cref="HubException"/> whose message starts with its stable code
/// (<c>PollClosed: The poll has closed.</c>), so clients can act on the code; other failures stay opaque.
/// </summary>
public sealed class RallyHubFilter : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            return await next(invocationContext);
        }
        catch (RallyException refused)
        {
            throw new HubException($"{refused.Code}: {refused.Message}");
        }
    }
}
