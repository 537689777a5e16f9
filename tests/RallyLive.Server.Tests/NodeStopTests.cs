using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RallyLive.Server.Hosting;

namespace RallyLive.Server.Tests;

/// <summary>
/// A node asked to stop refuses every new request (503 <c>NodeStopping</c>), so that clients that reconnect the moment
/// their connection closes, as the web pages do, go to another node instead of back to this one. The refusal itself is
/// tested here on the server's own middleware (stopping the whole in-process server would tear down the requests it
/// is asked to answer); the cluster's failover test shows the effect through nginx, each client reconnecting once.
/// </summary>
public sealed class NodeStopTests
{
    [Fact]
    public async Task ANodeAskedToStop_AnswersEveryNewRequest503NodeStopping_WithRetryAfter()
    {
        var lifetime = new Lifetime();
        await using var services = new ServiceCollection().AddLogging().AddProblemDetails()
            .AddSingleton<IHostApplicationLifetime>(lifetime).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseStoppingNodeRefusal();
        app.Run(context =>
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return Task.CompletedTask;
        });
        var pipeline = app.Build();

        var beforeTheStop = await SendAsync(pipeline, services, HttpMethods.Get, "/health/ready");
        lifetime.StopApplication();
        var afterIt = await Task.WhenAll(
            SendAsync(pipeline, services, HttpMethods.Get, "/health/ready"),
            SendAsync(pipeline, services, HttpMethods.Get, "/api/rallies/r1"),
            SendAsync(pipeline, services, HttpMethods.Post, "/hubs/viewer/negotiate"));

        Assert.Equal(StatusCodes.Status200OK, beforeTheStop.Status);
        Assert.All(afterIt, response =>
        {
            Assert.Equal((StatusCodes.Status503ServiceUnavailable, StoppingNodeRefusal.NodeStopping), (response.Status, response.Code));
            Assert.Equal("1", response.RetryAfter);
            Assert.Equal("close", response.Connection);
        });
    }

    private static async Task<(int Status, string? Code, string? RetryAfter, string? Connection)> SendAsync(
        RequestDelegate pipeline, IServiceProvider services, string method, string path)
    {
        var context = new DefaultHttpContext { RequestServices = services, Request = { Method = method, Path = path } };
        using var body = new MemoryStream();
        context.Response.Body = body;
        await pipeline(context);
        var code = body.Length > 0 && JsonDocument.Parse(body.ToArray()).RootElement.TryGetProperty("code", out var value) ? value.GetString() : null;
        return (context.Response.StatusCode, code, context.Response.Headers.RetryAfter, context.Response.Headers.Connection);
    }

    /// <summary>The host's lifetime, as far as the middleware reads it: asked to stop when the test says.</summary>
    private sealed class Lifetime : IHostApplicationLifetime
    {
        private readonly CancellationTokenSource _stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => _stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => _stopping.Cancel();
    }
}
