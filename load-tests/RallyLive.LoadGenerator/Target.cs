using System.Net.Http.Json;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>A rally as the generator knows it: its id and, on the real server, the organiser's key.</summary>
internal sealed record RallyHandle(string RallyId, string OrganiserKey);

/// <summary>A server under load: how to make a rally and viewers, where they connect, and its process for /proc.</summary>
internal abstract class Target(string name, Uri baseUrl, int pid)
{
    public string Name { get; } = name;

    public Uri BaseUrl { get; } = baseUrl;

    public ProcessSampler Process { get; } = new(pid);

    public abstract Task<RallyHandle> CreateRallyAsync(HttpClient http, int index);

    public abstract Task<string[]> ViewerTokensAsync(HttpClient http, RallyHandle rally, int first, int count, int parallelism);

    public abstract Uri ViewerHubUrl(RallyHandle rally, string token);
}

/// <summary>RallyLive's server: rallies and viewer tokens from its HTTP API, viewers on <c>/hubs/viewer</c>.</summary>
internal sealed class RallyLiveTarget(Uri baseUrl, int pid) : Target("RallyLive", baseUrl, pid)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public override async Task<RallyHandle> CreateRallyAsync(HttpClient http, int index)
    {
        var request = new
        {
            title = $"Load rally {index}",
            speakers = new[] { new { id = "speaker", name = "Speaker" } },
            streams = new[] { new { id = Crowd.StreamId, name = "Stage" } },
            runOfShow = new[] { new { title = "Opening", speakerId = "speaker" } },
        };
        using var response = await http.PostAsJsonAsync(new Uri(BaseUrl, "/api/rallies"), request, Json);
        response.EnsureSuccessStatusCode();
        var created = await response.Content.ReadFromJsonAsync<JsonElement>(Json);
        return new RallyHandle(created.GetProperty("rallyId").GetString()!, created.GetProperty("organiserKey").GetString()!);
    }

    public override async Task<string[]> ViewerTokensAsync(HttpClient http, RallyHandle rally, int first, int count, int parallelism)
    {
        var tokens = new string[count];
        var url = new Uri(BaseUrl, $"/api/rallies/{rally.RallyId}/streams/{Crowd.StreamId}/viewers");
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, cancellationToken) =>
        {
            using var response = await http.PostAsJsonAsync(url, new { displayName = $"viewer {first + i}" }, Json, cancellationToken);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("viewerToken").GetString()!;
        });
        return tokens;
    }

    public override Uri ViewerHubUrl(RallyHandle rally, string token) =>
        new(BaseUrl, "/hubs/viewer?access_token=" + Uri.EscapeDataString(token));

    public Uri OrganiserHubUrl(RallyHandle rally) => new(BaseUrl, "/hubs/organiser?access_token=" + Uri.EscapeDataString(rally.OrganiserKey));
}

/// <summary>A baseline of RallyLive.LoadBaselines (L0 or N): no auth, the rally named in the hub URL's query.</summary>
internal sealed class BaselineTarget(string name, Uri baseUrl, string hubPath, int pid) : Target(name, baseUrl, pid)
{
    public override Task<RallyHandle> CreateRallyAsync(HttpClient http, int index) => Task.FromResult(new RallyHandle($"rally-{index}", string.Empty));

    public override Task<string[]> ViewerTokensAsync(HttpClient http, RallyHandle rally, int first, int count, int parallelism) =>
        Task.FromResult(Enumerable.Repeat(string.Empty, count).ToArray());

    public override Uri ViewerHubUrl(RallyHandle rally, string token) => new(BaseUrl, $"{hubPath}?rally={rally.RallyId}");
}
