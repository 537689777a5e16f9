using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Api;

namespace RallyLive.Server.Tests;

public sealed class ApiTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new();
    private ApiClient _api = null!;

    public Task InitializeAsync()
    {
        _api = new ApiClient(_server.CreateClient());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task CreateRally_ReturnsAnOrganiserKey_ThatRunsThisRallyOnly()
    {
        var rally = await _api.CreateRallyAsync();
        var other = await _api.CreateRallyAsync();

        using var own = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", rally.OrganiserKey);
        using var anonymous = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}");
        using var foreign = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", other.OrganiserKey);

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("Showdown at the Smile Exchange", (await own.Content.ReadFromJsonAsync<RallySnapshot>(ApiClient.Json))!.Title);
        Assert.Equal((HttpStatusCode.Unauthorized, ApiErrors.Unauthenticated), await ApiClient.ProblemOf(anonymous));
        Assert.Equal((HttpStatusCode.Forbidden, ApiErrors.Forbidden), await ApiClient.ProblemOf(foreign));
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("GET", "/report")]
    [InlineData("GET", "/report.csv")]
    [InlineData("POST", "/moderator-keys")]
    public async Task ViewerToken_NeverReachesOrganiserEndpoints(string method, string path)
    {
        var rally = await _api.CreateRallyAsync();
        var viewer = await _api.JoinAsync(rally.RallyId, "stage", "Reed");

        using var response = await _api.SendAsync(new HttpMethod(method), $"/api/rallies/{rally.RallyId}{path}", viewer.ViewerToken, new MintModeratorKeyRequest("x"));

        Assert.Equal((HttpStatusCode.Forbidden, ApiErrors.Forbidden), await ApiClient.ProblemOf(response));
    }

    [Fact]
    public async Task ModeratorKey_MintedByTheOrganiser_ReadsTheRallyButCannotMintOrReadTheReport()
    {
        var rally = await _api.CreateRallyAsync();
        var moderator = await _api.MintModeratorAsync(rally, "Ezra");

        using var read = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", moderator.Key);
        using var mint = await _api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/moderator-keys", moderator.Key, new MintModeratorKeyRequest("Friend"));
        using var report = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/report", moderator.Key);

        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, mint.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
        Assert.StartsWith("mod-", moderator.ModeratorId, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RevokedModeratorKey_StopsWorking_AndOnlyTheOrganiserCanRevoke()
    {
        var rally = await _api.CreateRallyAsync();
        var moderator = await _api.MintModeratorAsync(rally, "Ezra");
        var path = $"/api/rallies/{rally.RallyId}/moderators/{moderator.ModeratorId}";

        using var bySelf = await _api.SendAsync(HttpMethod.Delete, path, moderator.Key);
        using var before = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", moderator.Key);
        using var revoke = await _api.SendAsync(HttpMethod.Delete, path, rally.OrganiserKey);
        using var after = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", moderator.Key);
        using var unknown = await _api.SendAsync(HttpMethod.Delete, $"/api/rallies/{rally.RallyId}/moderators/mod-nobody", rally.OrganiserKey);

        Assert.Equal(HttpStatusCode.Forbidden, bySelf.StatusCode);
        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, revoke.StatusCode);
        Assert.Equal((HttpStatusCode.Forbidden, ApiErrors.Forbidden), await ApiClient.ProblemOf(after));
        Assert.Equal((HttpStatusCode.BadRequest, "InvalidRequest"), await ApiClient.ProblemOf(unknown));
    }

    [Fact]
    public async Task ForgedTamperedAndExpiredTokens_AreNotAccepted()
    {
        var rally = await _api.CreateRallyAsync();
        var tampered = rally.OrganiserKey[..^4] + (rally.OrganiserKey[^4] == 'A' ? "B" : "A") + rally.OrganiserKey[^3..];

        using var forged = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", "organiser-please");
        using var altered = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", tampered);
        await _server.Time.AdvanceAsync(TimeSpan.FromDays(31));
        using var expired = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", rally.OrganiserKey);

        Assert.All([forged, altered, expired], response => Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode));
    }

    [Fact]
    public async Task AccessTokenQueryParameter_IsAcceptedLikeABearerHeader()
    {
        var rally = await _api.CreateRallyAsync();

        using var response = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}?access_token={Uri.EscapeDataString(rally.OrganiserKey)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task JoinStream_GivesAViewerIdAndToken_AndARejoinWithTheTokenKeepsTheId()
    {
        var rally = await _api.CreateRallyAsync();

        var first = await _api.JoinAsync(rally.RallyId, "darien-live", "Reed");
        var again = await _api.JoinAsync(rally.RallyId, "stage", "Reed", first.ViewerToken);
        using var publicView = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/public");

        Assert.Equal(first.ViewerId, again.ViewerId);
        Assert.Equal(1, again.Stream.Viewers);
        Assert.Equal(["darien-live", "stage"], (await publicView.Content.ReadFromJsonAsync<PublicRally>(ApiClient.Json))!.Streams.Select(s => s.Id));
    }

    [Fact]
    public async Task ARejoinWithAnExpiredViewerToken_KeepsTheId_SoABanStillHolds_WhileAnotherRallysTokenGivesANewViewer()
    {
        var rally = await _api.CreateRallyAsync();
        var other = await _api.CreateRallyAsync();
        var reed = await _api.JoinAsync(rally.RallyId, "stage", "Reed");
        var ana = await _api.JoinAsync(rally.RallyId, "stage", "Ana");
        var elsewhere = await _api.JoinAsync(other.RallyId, "stage", "Reed");
        var rallyGrain = _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IRallyGrain>(rally.RallyId);
        await rallyGrain.ChangeChatPolicy(new BanViewer("mod-1", reed.ViewerId, "raid"));

        await _server.Time.AdvanceAsync(TimeSpan.FromHours(13));   // past every viewer token's 12 h lifetime
        var anaAgain = await _api.JoinAsync(rally.RallyId, "stage", "Ana", ana.ViewerToken);
        var fromOtherRally = await _api.JoinAsync(rally.RallyId, "stage", "Reed", elsewhere.ViewerToken);
        using var reedAgain = await _api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/streams/stage/viewers", reed.ViewerToken, new JoinStreamRequest("Reed"));

        Assert.Equal(ana.ViewerId, anaAgain.ViewerId);
        Assert.NotEqual(elsewhere.ViewerId, fromOtherRally.ViewerId);
        Assert.Equal((HttpStatusCode.Forbidden, "ViewerBanned"), await ApiClient.ProblemOf(reedAgain));
    }

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task BadRequests_GetProblemDetailsWithAStableCode(string method, string path, object? body, HttpStatusCode status, string code)
    {
        var rally = await _api.CreateRallyAsync();

        using var response = await _api.SendAsync(new HttpMethod(method), path.Replace("{rally}", rally.RallyId, StringComparison.Ordinal), rally.OrganiserKey, body);

        Assert.Equal((status, code), await ApiClient.ProblemOf(response));
    }

    public static TheoryData<string, string, object?, HttpStatusCode, string> BadRequests => new()
    {
        { "POST", "/api/rallies", ApiClient.Rally() with { Streams = [] }, HttpStatusCode.BadRequest, "InvalidRally" },
        { "POST", "/api/rallies", ApiClient.Rally() with { Title = new string('t', 500) }, HttpStatusCode.BadRequest, "TextTooLong" },
        { "POST", "/api/rallies", "not a rally", HttpStatusCode.BadRequest, "InvalidRequest" },
        { "GET", "/api/rallies/no-such-rally/public", null, HttpStatusCode.NotFound, "RallyNotFound" },
        { "GET", "/api/rallies/Not%20An%20Id/public", null, HttpStatusCode.BadRequest, "InvalidRequest" },
        { "POST", "/api/rallies/{rally}/streams/backstage/viewers", new JoinStreamRequest("Reed"), HttpStatusCode.NotFound, "StreamNotFound" },
        { "POST", "/api/rallies/{rally}/streams/stage/viewers", new JoinStreamRequest("  "), HttpStatusCode.BadRequest, "TextEmpty" },
        { "POST", "/api/rallies/{rally}/moderator-keys", new MintModeratorKeyRequest(""), HttpStatusCode.BadRequest, "InvalidRequest" },
    };

    [Fact]
    public async Task Refusals_AreCountedByReason()
    {
        var rally = await _api.CreateRallyAsync();
        using var counts = new MeterCapture(_server.Services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>());

        using var anonymous = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}");
        using var missing = await _api.SendAsync(HttpMethod.Get, "/api/rallies/no-such-rally/public");
        using var viewerAsOrganiser = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/report",
            (await _api.JoinAsync(rally.RallyId, "stage", "Reed")).ViewerToken);

        Assert.Equal(
            (1, 1, 1),
            (counts["rallylive.inputs.rejected/Unauthenticated"], counts["rallylive.inputs.rejected/RallyNotFound"], counts["rallylive.inputs.rejected/Forbidden"]));
    }

    [Fact]
    public async Task Report_IsServedAsJsonAndAsCsv()
    {
        var rally = await _api.CreateRallyAsync();
        var grains = _server.Services.GetRequiredService<IGrainFactory>();
        await grains.GetGrain<IRallyGrain>(rally.RallyId).GoLive();
        await grains.GetGrain<IRallyGrain>(rally.RallyId).End();

        using var json = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/report", rally.OrganiserKey);
        using var csv = await _api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/report.csv", rally.OrganiserKey);

        var report = (await json.Content.ReadFromJsonAsync<RallyReport>(ApiClient.Json))!;
        Assert.Equal((RallyStatus.Ended, 2), (report.Rally.Status, report.Speakers.Length));
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith(ReportCsv.Header, await csv.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
