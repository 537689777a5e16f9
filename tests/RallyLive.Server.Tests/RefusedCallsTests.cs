using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.SignalR.Client;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>A viewer connection that keeps calling after its calls are refused is closed; others are not.</summary>
public sealed class RefusedCallsTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Chat refills one message per 100 s after a burst of 3, a connection may be refused 5 calls, refilled once a
    /// minute, an address may have one connection closed for it, refilled once in 1,000 s, and other calls refill one
    /// per 100 s after their burst of 20, so that none refills during a test however slowly the machine answers. This
    /// machine is the proxy that names each client's address.
    /// </summary>
    private readonly LiveServer _server = new(new Dictionary<string, string>
    {
        ["RallyLive:TrustedProxies:0"] = "127.0.0.1",
        ["RallyLive:Realtime:Chat:PerSecond"] = "0.01",
        ["RallyLive:Realtime:Chat:Burst"] = "3",
        ["RallyLive:Realtime:Other:PerSecond"] = "0.01",
        ["RallyLive:Realtime:RefusedCallsPerViewerConnection:PerSecond"] = "0.0167",
        ["RallyLive:Realtime:RefusedCallsPerViewerConnection:Burst"] = "5",
        ["RallyLive:Realtime:RefusalClosesPerAddress:PerSecond"] = "0.001",
        ["RallyLive:Realtime:RefusalClosesPerAddress:Burst"] = "1",
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AViewerWhoKeepsCallingOnceRefused_IsClosed_WhileAViewerWithinTheLimitsStaysConnected()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        await using var flooder = await JoinAsync(rally.RallyId, "Flooder");
        await using var neighbour = await JoinAsync(rally.RallyId, "Neighbour");

        // 3 accepted, 5 refused and still open; the next refusal closes the connection.
        var outcomes = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            outcomes.Add(await TypedHubClient.OutcomeOf(flooder.SendChatAsync(new("stage", $"flood {i}"))));
        }

        var stillOpen = flooder.Connection.State;
        var last = await Record.ExceptionAsync(() => flooder.SendChatAsync(new("stage", "one more")));
        await flooder.Closed.WaitAsync(Patience);
        var neighbourSays = await neighbour.SendChatAsync(new("stage", "still here"));
        var organiserCalls = await Task.WhenAll(Enumerable.Range(0, 40).Select(_ => TypedHubClient.OutcomeOf(organiser.GetRallyAsync())));

        Assert.Equal(["ok", "ok", "ok", "RateLimited", "RateLimited", "RateLimited", "RateLimited", "RateLimited"], outcomes);
        Assert.Equal(HubConnectionState.Connected, stillOpen);
        Assert.NotNull(last);
        Assert.Equal("still here", neighbourSays.Text);
        Assert.Contains("RateLimited", organiserCalls);
        Assert.Equal(HubConnectionState.Connected, organiser.Connection.State);
    }

    [Fact]
    public async Task AnAddressWhoseViewersKeepBeingClosed_MayNeitherMintTokensNorConnect_WhileOtherAddressesStillJoin()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var spare = await _server.Api.JoinAsync(rally.RallyId, "stage", "Sock spare");

        // Two of the address's viewers flood until closed: the first close is allowed, the second bars the address.
        foreach (var name in new[] { "Sock 1", "Sock 2" })
        {
            await using var sock = await JoinAsync(rally.RallyId, name, FloodingAddress);
            await FloodUntilClosedAsync(sock);
        }

        using var mint = await MintFromAsync(rally.RallyId, FloodingAddress);
        await using var comeback = await ViewerHubClient.ConnectAsync(_server.BaseUrl, spare.ViewerToken, FloodingAddress);
        await comeback.Closed.WaitAsync(Patience);
        using var elsewhere = await MintFromAsync(rally.RallyId, "198.51.100.20");

        Assert.Equal((HttpStatusCode.TooManyRequests, "RateLimited"), await ApiClient.ProblemOf(mint));
        Assert.InRange(int.Parse(mint.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture), 1, 300);
        Assert.Equal(HttpStatusCode.OK, elsewhere.StatusCode);
    }

    private const string FloodingAddress = "203.0.113.9";

    private static async Task FloodUntilClosedAsync(ViewerHubClient viewer)
    {
        for (var i = 0; i < 20 && viewer.Connection.State == HubConnectionState.Connected; i++)
        {
            await Record.ExceptionAsync(() => viewer.SendChatAsync(new("stage", $"flood {i}")));
        }

        await viewer.Closed.WaitAsync(Patience);
    }

    private async Task<HttpResponseMessage> MintFromAsync(string rallyId, string address)
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/rallies/{rallyId}/streams/stage/viewers")
        {
            Content = JsonContent.Create(new { displayName = "Sock" }),
        };
        request.Headers.Add("X-Forwarded-For", address);
        return await http.SendAsync(request);
    }

    private async Task<ViewerHubClient> JoinAsync(string rallyId, string name, string address)
    {
        var joined = await _server.Api.JoinAsync(rallyId, "stage", name);
        var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken, address);
        await viewer.JoinStreamAsync(new("stage", name));
        return viewer;
    }

    private async Task<ViewerHubClient> JoinAsync(string rallyId, string name)
    {
        var joined = await _server.Api.JoinAsync(rallyId, "stage", name);
        var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", name));
        return viewer;
    }
}
