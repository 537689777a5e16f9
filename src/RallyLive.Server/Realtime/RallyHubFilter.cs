using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Turns a grain's refusal into a <see cref="HubException"/> whose message starts with its stable code
/// (<c>PollClosed: The poll has closed.</c>), so clients can act on the code; other failures stay opaque to the
/// client and are logged here as errors. Refusals are expected and only counted, which is why appsettings.json
/// quietens SignalR's own dispatcher, which would log each of them as an error with its stack trace.
/// Counts connections, calls and refusals (the calls within the rate limits: <see cref="RateLimitHubFilter"/> runs first).
/// </summary>
public sealed partial class RallyHubFilter(RealtimeMetrics metrics, ILogger<RallyHubFilter> logger) : IHubFilter
{
    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        metrics.Called(invocationContext.HubMethodName);
        try
        {
            return await next(invocationContext);
        }
        catch (RallyException refused)
        {
            metrics.Rejected(refused.Code.ToString());
            throw new HubException($"{refused.Code}: {refused.Message}");
        }
        catch (Exception failure) when (failure is not HubException and not ArgumentException and not OperationCanceledException)
        {
            LogCallFailed(logger, invocationContext.Hub.GetType().Name, invocationContext.HubMethodName, failure);
            throw;
        }
    }

    public async Task OnConnectedAsync(HubLifetimeContext context, Func<HubLifetimeContext, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        await next(context);
        metrics.Connected(context.Hub.GetType().Name);
    }

    public async Task OnDisconnectedAsync(HubLifetimeContext context, Exception? exception, Func<HubLifetimeContext, Exception?, Task> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        metrics.Disconnected(context.Hub.GetType().Name);
        await next(context, exception);
    }

    [LoggerMessage(1, LogLevel.Error, "{Hub}.{Method} failed")]
    private static partial void LogCallFailed(ILogger logger, string hub, string method, Exception exception);
}
