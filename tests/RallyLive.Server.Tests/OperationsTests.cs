using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RallyLive.Server.Operations;

namespace RallyLive.Server.Tests;

/// <summary>
/// The operator's endpoints, <c>/metrics</c> and the Orleans dashboard, in process: only the operator key opens them.
/// Anonymous callers, viewers, moderators and organisers (with their real tokens) and a wrong key are refused with 401
/// and a Basic challenge; the key opens them as a bearer token or as a browser's Basic password.
/// </summary>
public sealed class OperationsTests : IAsyncLifetime
{
    private const string OperatorKey = "operator-key-for-tests-0123456789";

    private static readonly string[] OperatorPaths = ["/metrics", "/dashboard/", "/dashboard/DashboardCounters"];

    private readonly ServerFactory _server = new() { Settings = new Dictionary<string, string> { ["RallyLive:Operations:Key"] = OperatorKey } };
    private HttpClient _http = null!;
    private ApiClient _api = null!;

    public Task InitializeAsync()
    {
        _http = _server.CreateClient();
        _api = new ApiClient(_http);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    public static TheoryData<string> Paths() => [.. OperatorPaths];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task OperatorEndpoint_RefusesAnonymousViewerModeratorOrganiserAndAWrongKey_WithABasicChallenge(string path)
    {
        var rally = await _api.CreateRallyAsync();
        var viewer = await _api.JoinAsync(rally.RallyId, "stage", "Ana");
        var moderator = await _api.MintModeratorAsync(rally, "Mo");
        var callers = new (string Who, AuthenticationHeaderValue? Credentials)[]
        {
            ("anonymous", null),
            ("viewer", new("Bearer", viewer.ViewerToken)),
            ("moderator", new("Bearer", moderator.Key)),
            ("organiser", new("Bearer", rally.OrganiserKey)),
            ("organiser as Basic password", Basic(rally.OrganiserKey)),
            ("wrong key", new("Bearer", OperatorKey + "x")),
            ("key prefix", new("Bearer", OperatorKey[..^1])),
        };

        foreach (var (who, credentials) in callers)
        {
            using var response = await GetAsync(path, credentials);

            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{who} got {(int)response.StatusCode} from {path}");
            Assert.Equal("Basic", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task OperatorEndpoint_OpensToTheOperatorKey_AsBearerTokenOrBasicPassword(string path)
    {
        using var bearer = await GetAsync(path, new("Bearer", OperatorKey));
        using var basic = await GetAsync(path, Basic(OperatorKey));

        Assert.Equal(HttpStatusCode.OK, bearer.StatusCode);
        Assert.Equal(HttpStatusCode.OK, basic.StatusCode);
    }

    [Fact]
    public async Task Metrics_ForTheOperator_CarryRallyLiveOrleansAndAspNetCoreMeters()
    {
        var rally = await _api.CreateRallyAsync();
        await _api.JoinAsync(rally.RallyId, "stage", "Ana");

        using var response = await GetAsync("/metrics", new("Bearer", OperatorKey));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("rallylive_storage_commit_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("orleans_", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
        Assert.Contains("dotnet_gc_collections_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutAKey_MetricsRefuseEveryone_AndTheDashboardIsNotServed()
    {
        await using var server = new ServerFactory();
        using var http = server.CreateClient();

        using var anonymous = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
        using var anyKey = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", OperatorKey) } };
        using var withAnyKey = await http.SendAsync(anyKey);
        using var dashboard = await http.GetAsync(new Uri("/dashboard/DashboardCounters", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, withAnyKey.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, dashboard.StatusCode);
    }

    [Fact]
    public async Task AKeyShorterThanTheMinimum_StopsTheStart()
    {
        await using var server = new ServerFactory { Settings = new Dictionary<string, string> { ["RallyLive:Operations:Key"] = "short" } };

        var refused = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains("RallyLive:Operations:Key must be at least 24 characters", refused.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheNginxFront_AnswersTheOperatorEndpoints404_WhileTheNodeItselfServesThemToTheOperator()
    {
        var node = new LiveServer(new Dictionary<string, string> { ["RallyLive:Operations:Key"] = OperatorKey });
        await node.InitializeAsync();
        try
        {
            await using var front = await Cluster.NginxFront.StartAsync([node.BaseUrl]);
            using var throughFront = new HttpClient { BaseAddress = new Uri(front.BaseUrl) };
            using var direct = new HttpClient { BaseAddress = new Uri(node.BaseUrl) };

            foreach (var path in OperatorPaths.Append("/dashboard"))
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = new("Bearer", OperatorKey) } };
                using var response = await throughFront.SendAsync(request);
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"the front answered {(int)response.StatusCode} for {path}");
            }

            using var ready = await throughFront.GetAsync(new Uri("/health/ready", UriKind.Relative));
            using var metrics = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = Basic(OperatorKey) } };
            using var scraped = await direct.SendAsync(metrics);
            Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, scraped.StatusCode);
        }
        finally
        {
            await node.DisposeAsync();
        }
    }

    [Theory]
    [InlineData("Bearer  the-key ", "the-key")]
    [InlineData("bearer the-key", "the-key")]
    [InlineData("Basic b3BlcmF0b3I6dGhlLWtleQ==", "the-key")]
    [InlineData("Basic OnRoZS1rZXk=", "the-key")]
    [InlineData("Basic dGhlLWtleQ==", null)]
    [InlineData("Basic not base64!", null)]
    [InlineData("Digest the-key", null)]
    [InlineData("", null)]
    public void PresentedKey_IsTheBearerTokenOrTheBasicPassword(string authorization, string? expected) =>
        Assert.Equal(expected, OperatorKeyAuthenticationHandler.PresentedKey(authorization));

    private static AuthenticationHeaderValue Basic(string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("operator:" + password)));

    private async Task<HttpResponseMessage> GetAsync(string path, AuthenticationHeaderValue? credentials)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = credentials } };
        return await _http.SendAsync(request);
    }
}
