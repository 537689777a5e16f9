using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RallyLive.Abstractions;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>A refused call is expected: the caller gets its code and nothing is logged as an error. A failure is logged.</summary>
public sealed class RallyHubFilterTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ErrorLog _log = new();

    [Fact]
    public async Task ARefusal_ReachesTheCallerWithItsCode_AndIsNotLoggedAsAnError()
    {
        var refused = await Assert.ThrowsAsync<HubException>(() => InvokeAsync(new RallyException(RallyErrorCode.PollClosed, "The poll has closed.")));

        Assert.Equal("PollClosed: The poll has closed.", refused.Message);
        Assert.Empty(_log.Errors);
    }

    [Fact]
    public async Task AFailure_StaysOpaqueToTheCaller_AndIsLoggedWithTheHubAndMethod()
    {
        var failure = new InvalidOperationException("storage went away");

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(() => InvokeAsync(failure));

        Assert.Same(failure, thrown);
        var (message, exception) = Assert.Single(_log.Errors);
        Assert.Equal("AnyHub.Call failed", message);
        Assert.Same(failure, exception);
    }

    public void Dispose() => _services.Dispose();

    private async Task InvokeAsync(Exception thrownByTheMethod)
    {
        using var metrics = new RealtimeMetrics(_services.GetRequiredService<IMeterFactory>());
        var filter = new RallyHubFilter(metrics, _log);
        var hub = new AnyHub();
        var context = new HubInvocationContext(new NoCaller(), _services, hub, typeof(AnyHub).GetMethod(nameof(AnyHub.Call))!, []);
        await filter.InvokeMethodAsync(context, _ => ValueTask.FromException<object?>(thrownByTheMethod));
    }

    public sealed class AnyHub : Hub
    {
        public string Call() => GetType().Name;
    }

    private sealed class NoCaller : HubCallerContext
    {
        public override string ConnectionId => "connection";

        public override string? UserIdentifier => null;

        public override System.Security.Claims.ClaimsPrincipal? User => null;

        public override IDictionary<object, object?> Items { get; } = new Dictionary<object, object?>();

        public override Microsoft.AspNetCore.Http.Features.IFeatureCollection Features { get; } = new Microsoft.AspNetCore.Http.Features.FeatureCollection();

        public override CancellationToken ConnectionAborted => CancellationToken.None;

        public override void Abort()
        {
        }
    }

    private sealed class ErrorLog : ILogger<RallyHubFilter>
    {
        public List<(string Message, Exception? Exception)> Errors { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                Errors.Add((formatter(state, exception), exception));
            }
        }
    }
}
