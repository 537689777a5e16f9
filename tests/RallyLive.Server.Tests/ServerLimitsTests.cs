using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>The server's limits as configuration sets them (<c>Kestrel:Limits</c>, <c>RallyLive:Realtime</c>), over real sockets.</summary>
public sealed class ServerLimitsTests : IAsyncLifetime
{
    [Fact]
    public async Task RequestBody_OverTheConfiguredLimit_IsRefusedWith413_WhileOneUnderItIsRead()
    {
        var server = await StartAsync(new Dictionary<string, string> { ["Kestrel:Limits:MaxRequestBodySize"] = "65536" });

        using var over = await server.Api.SendAsync(HttpMethod.Post, "/api/rallies", body: RallyWithTitle(new string('x', 100_000)));
        using var under = await server.Api.SendAsync(HttpMethod.Post, "/api/rallies", body: RallyWithTitle(new string('x', 50_000)));

        Assert.Equal((HttpStatusCode.RequestEntityTooLarge, "RequestTooLarge"), await ApiClient.ProblemOf(over));
        Assert.Equal((HttpStatusCode.BadRequest, "TextTooLong"), await ApiClient.ProblemOf(under));
    }

    [Fact]
    public async Task RequestBody_OverAppSettingsLimitOf256KiB_IsRefusedWith413()
    {
        var server = await StartAsync();

        using var over = await server.Api.SendAsync(HttpMethod.Post, "/api/rallies", body: RallyWithTitle(new string('x', 300_000)));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, over.StatusCode);
    }

    [Fact]
    public async Task Connections_BeyondTheConfiguredCap_AreClosedUnserved_AndAFreedPlaceIsTakenAgain()
    {
        var server = await StartAsync(new Dictionary<string, string> { ["Kestrel:Limits:MaxConcurrentConnections"] = "3" });
        var endpoint = new Uri(server.BaseUrl);

        var held = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var connection = await ConnectAsync(endpoint);
                held.Add(connection);
                Assert.StartsWith("HTTP/1.1 200", await GetHealthAsync(connection));
            }

            using (var fourth = await ConnectAsync(endpoint))
            {
                Assert.Null(await GetHealthAsync(fourth));
            }

            held[0].Dispose();
            held.RemoveAt(0);
            string? served = null;
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
            while (served is null && DateTime.UtcNow < deadline)
            {
                // Kestrel frees the place once it has finished closing the connection, which takes a moment.
                using var again = await ConnectAsync(endpoint);
                served = await GetHealthAsync(again);
            }

            Assert.StartsWith("HTTP/1.1 200", served);
        }
        finally
        {
            held.ForEach(c => c.Dispose());
        }
    }

    [Fact]
    public async Task RallyCreationAndTokenMinting_OverTheirPerAddressLimits_Get429WithRetryAfter_WhileOtherCallsPass()
    {
        var server = await StartAsync(new Dictionary<string, string>
        {
            ["RallyLive:HttpLimits:CreateRally:Burst"] = "3",
            ["RallyLive:HttpLimits:CreateRally:PerSecond"] = "0.001",
            ["RallyLive:HttpLimits:JoinStream:Burst"] = "2",
            ["RallyLive:HttpLimits:JoinStream:PerSecond"] = "0.001",
        });

        var created = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            created.Add(await server.Api.SendAsync(HttpMethod.Post, "/api/rallies", body: ApiClient.Rally()));
        }

        var rallyId = (await created[0].Content.ReadFromJsonAsync<RallyLive.Server.Api.CreatedRally>(ApiClient.Json))!.RallyId;
        var joins = new List<HttpResponseMessage>();
        for (var i = 0; i < 3; i++)
        {
            joins.Add(await server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rallyId}/streams/stage/viewers", body: new RallyLive.Server.Api.JoinStreamRequest($"Viewer {i}")));
        }

        using var read = await server.Api.SendAsync(HttpMethod.Get, $"/api/rallies/{rallyId}/public");

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created], created.Take(3).Select(r => r.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, "RateLimited"), await ApiClient.ProblemOf(created[3]));
        Assert.True(int.Parse(created[3].Headers.GetValues("Retry-After").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK], joins.Take(2).Select(r => r.StatusCode));
        Assert.Equal((HttpStatusCode.TooManyRequests, "RateLimited"), await ApiClient.ProblemOf(joins[2]));
        Assert.True(joins[2].Headers.Contains("Retry-After"));
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        created.Concat(joins).ToList().ForEach(r => r.Dispose());
    }

    [Theory]
    [InlineData("127.0.0.1", true)]
    [InlineData("127.0.0.0/8", true)]
    [InlineData(null, false)]
    [InlineData("10.0.0.7", false)]
    public async Task BehindATrustedProxy_EachForwardedAddressHasItsOwnLimit_WhileAnUntrustedOneCannotNameAnAddress(string? trusted, bool forwardedCounts)
    {
        var settings = new Dictionary<string, string>
        {
            ["RallyLive:HttpLimits:CreateRally:Burst"] = "1",
            ["RallyLive:HttpLimits:CreateRally:PerSecond"] = "0.001",
        };
        if (trusted is not null)
        {
            settings["RallyLive:TrustedProxies:0"] = trusted;
        }

        var server = await StartAsync(settings);

        var first = await CreateFromAsync(server, "203.0.113.1");
        var sameClient = await CreateFromAsync(server, "203.0.113.1");
        var anotherClient = await CreateFromAsync(server, "203.0.113.2");

        Assert.Equal(HttpStatusCode.Created, first);
        Assert.Equal(HttpStatusCode.TooManyRequests, sameClient);
        Assert.Equal(forwardedCounts ? HttpStatusCode.Created : HttpStatusCode.TooManyRequests, anotherClient);
    }

    [Fact]
    public async Task ATrustedProxyThatIsNoAddress_StopsTheServerFromStarting_NamingIt()
    {
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => StartAsync(new Dictionary<string, string> { ["RallyLive:TrustedProxies:0"] = "nginx" }));

        Assert.Contains("RallyLive:TrustedProxies: 'nginx'", refused.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpStatusCode> CreateFromAsync(LiveServer server, string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/rallies") { Content = JsonContent.Create(ApiClient.Rally(), options: ApiClient.Json) };
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
        using var response = await http.SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task AnOpenConnection_ClosesWhenItsTokenExpires_AndCannotReconnectWithIt()
    {
        // Long enough for the viewer to connect and join on a busy machine; the connection must then close on its own.
        var server = await StartAsync(new Dictionary<string, string> { ["RallyLive:Tokens:ViewerTokenLifetime"] = "00:00:10" });
        var rally = await server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(server.BaseUrl, rally.OrganiserKey);
        var ana = await server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(server.BaseUrl, ana.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", "Ana"));

        await viewer.Closed.WaitAsync(TimeSpan.FromSeconds(40));
        var reconnect = await Assert.ThrowsAnyAsync<Exception>(() => ViewerHubClient.ConnectAsync(server.BaseUrl, ana.ViewerToken));

        Assert.Contains("401", reconnect.ToString(), StringComparison.Ordinal);
        Assert.Equal(Microsoft.AspNetCore.SignalR.Client.HubConnectionState.Connected, organiser.Connection.State);
    }

    [Fact]
    public async Task HubMessage_OverTheConfiguredSize_ClosesTheConnection_WhileTheDefaultAdmitsIt()
    {
        var strict = await StartAsync(new Dictionary<string, string> { ["RallyLive:Realtime:MaximumReceiveMessageSize"] = "2048" });
        var rally = await strict.Api.CreateRallyAsync();
        var ana = await strict.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(strict.BaseUrl, ana.ViewerToken);

        // 4 KiB: under the default of 16 KiB, so only the configured limit can close the connection.
        var call = viewer.SendChatAsync(new("stage", new string('x', 4096)));
        var closedWith = await viewer.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.IsType<HubException>(closedWith);
        await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    private readonly List<LiveServer> _servers = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }
    }

    private async Task<LiveServer> StartAsync(Dictionary<string, string>? settings = null)
    {
        var server = new LiveServer(settings);
        _servers.Add(server);
        await server.InitializeAsync();
        return server;
    }

    private static object RallyWithTitle(string title) => ApiClient.Rally() with { Title = title };

    private static async Task<TcpClient> ConnectAsync(Uri endpoint)
    {
        var client = new TcpClient();
        await client.ConnectAsync(endpoint.Host, endpoint.Port);
        return client;
    }

    /// <summary>The start of the answer to a GET /health on this connection, or null when the server closed it unanswered.</summary>
    private static async Task<string?> GetHealthAsync(TcpClient connection)
    {
        var stream = connection.GetStream();
        try
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n"));
            var buffer = new byte[1024];
            var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
            return read == 0 ? null : Encoding.ASCII.GetString(buffer, 0, read);
        }
        catch (IOException)
        {
            return null;
        }
    }
}
