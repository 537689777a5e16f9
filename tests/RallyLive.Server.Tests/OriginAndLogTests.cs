using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace RallyLive.Server.Tests;

public sealed class OriginAndLogTests
{
    [Fact]
    public async Task HubRequest_FromAnotherSitesPage_IsRefused_WhileTheServersOwnOriginPasses()
    {
        // The in-process test server listens on no address: its origin is the configured public URL.
        await using var server = new ServerFactory { Settings = new Dictionary<string, string> { ["RallyLive:PublicUrl"] = "http://localhost/" } };
        using var client = server.CreateClient();

        using var foreign = await NegotiateAsync(client, "https://evil.example");
        using var own = await NegotiateAsync(client, "http://localhost");
        using var none = await NegotiateAsync(client, origin: null);

        Assert.Equal((HttpStatusCode.Forbidden, "OriginNotAllowed"), await ApiClient.ProblemOf(foreign));
        Assert.Equal(HttpStatusCode.Unauthorized, own.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task HubRequest_FromADnsRebindingPage_IsRefused_ThoughItsOriginMatchesTheHostItSends()
    {
        await using var server = new ServerFactory();
        using var client = server.CreateClient();

        using var rebinding = await NegotiateAsync(client, "http://rally.attacker.example:5080", host: "rally.attacker.example:5080");

        Assert.Equal((HttpStatusCode.Forbidden, "OriginNotAllowed"), await ApiClient.ProblemOf(rebinding));
    }

    [Fact]
    public async Task AllowedOrigins_AreTheListenAddressesThePublicUrlAndTheConfiguredOnes_NeverTheRequestsHost()
    {
        var server = new LiveServer(new Dictionary<string, string>
        {
            ["RallyLive:PublicUrl"] = "https://rally.example/live",
            ["RallyLive:Realtime:AllowedOrigins:0"] = "https://partner.example",
        });
        await server.InitializeAsync();
        try
        {
            var port = new Uri(server.BaseUrl).Port;
            using var client = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            var statuses = new List<HttpStatusCode>();
            foreach (var (origin, host) in new (string, string?)[]
            {
                (server.BaseUrl.TrimEnd('/'), null),
                ($"http://localhost:{port}", null),
                ("https://rally.example", null),
                ("https://partner.example", null),
                ($"http://attacker.example:{port}", $"attacker.example:{port}"),
                ("http://rally.example", null),
                ($"http://localhost:{port + 1}", null),
            })
            {
                using var response = await NegotiateAsync(client, origin, host);
                statuses.Add(response.StatusCode);
            }

            // 401: the origin passed and the missing token was refused next; 403: the origin was refused.
            Assert.Equal(
                [HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized,
                 HttpStatusCode.Forbidden, HttpStatusCode.Forbidden, HttpStatusCode.Forbidden],
                statuses);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Tokens_NeverReachTheLogs_WhateverWayTheyTravel()
    {
        var logs = new CapturingLoggerProvider();
        await using var server = new ServerFactory();
        using var client = server.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs))).CreateClient();
        var api = new ApiClient(client);

        var rally = await api.CreateRallyAsync();
        var viewer = await api.JoinAsync(rally.RallyId, "stage", "Reed");
        using var header = await api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", rally.OrganiserKey);
        using var query = await client.GetAsync(new Uri($"/api/rallies/{rally.RallyId}?access_token={Uri.EscapeDataString(viewer.ViewerToken)}", UriKind.Relative));
        using var hub = await client.PostAsync(new Uri($"/hubs/viewer/negotiate?negotiateVersion=1&access_token={Uri.EscapeDataString(viewer.ViewerToken)}", UriKind.Relative), null);
        using var forged = await api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", "forged-" + rally.OrganiserKey);

        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(rally.OrganiserKey[..40], StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(viewer.ViewerToken[..40], StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains(Uri.EscapeDataString(viewer.ViewerToken)[..40], StringComparison.Ordinal));
    }

    private static async Task<HttpResponseMessage> NegotiateAsync(HttpClient client, string? origin, string? host = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hubs/viewer/negotiate?negotiateVersion=1");
        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }

        if (host is not null)
        {
            request.Headers.Host = host;
        }

        return await client.SendAsync(request);
    }

    /// <summary>Keeps every message the server logs at the levels its configuration allows.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        public ConcurrentQueue<string> Messages { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Capturing(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Capturing(CapturingLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                provider.Messages.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}
