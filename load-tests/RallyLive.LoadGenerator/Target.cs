using System.Net.Http.Json;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>A rally as the generator knows it: its id and, on the real server, the organiser's key.</summary>
internal sealed record RallyHandle(string RallyId, string OrganiserKey);

/// <summary>A server under load: how to make a rally and viewers, where they connect, and its processes for /proc.</summary>
internal abstract class Target(string name, Uri baseUrl, ProcessSampler process)
{
    public string Name { get; } = name;

    public Uri BaseUrl { get; } = baseUrl;

    public ProcessSampler Process { get; } = process;

    public abstract Task<RallyHandle> CreateRallyAsync(HttpClient http, int index);

    /// <summary>
    /// Mints viewer tokens; with <paramref name="clientAddress"/>, viewer i's request names its client's address in
    /// <c>X-Forwarded-For</c> (the server must trust the generator as a proxy).
    /// </summary>
    public abstract Task<string[]> ViewerTokensAsync(HttpClient http, RallyHandle rally, int first, int count, int parallelism, Func<int, string>? clientAddress = null);

    public abstract Uri ViewerHubUrl(RallyHandle rally, string token);
}

/// <summary>
/// RallyLive's server: rallies and viewer tokens from its HTTP API, viewers on <c>/hubs/viewer</c>. A cluster is given
/// by its nodes: the API is called on the first, and viewers connect to each node in turn.
/// </summary>
internal sealed class RallyLiveTarget(string name, IReadOnlyList<Uri> nodes, ProcessSampler processes) : Target(name, nodes[0], processes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private long _connections;

    public RallyLiveTarget(Uri baseUrl, int pid)
        : this("RallyLive", [baseUrl], new ProcessSampler(pid))
    {
    }

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

    public override async Task<string[]> ViewerTokensAsync(HttpClient http, RallyHandle rally, int first, int count, int parallelism, Func<int, string>? clientAddress = null)
    {
        var tokens = new string[count];
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, cancellationToken) =>
        {
            using var request = JoinRequest(rally, $"viewer {first + i}", clientAddress?.Invoke(first + i));
            using var response = await http.SendAsync(request, cancellationToken);
            response.EnsureSuccessStatusCode();
            tokens[i] = (await response.Content.ReadFromJsonAsync<JsonElement>(Json, cancellationToken)).GetProperty("viewerToken").GetString()!;
        });
        return tokens;
    }

    /// <summary>The request that mints a viewer token of <paramref name="rally"/>, from <paramref name="clientAddress"/> if given.</summary>
    public HttpRequestMessage JoinRequest(RallyHandle rally, string displayName, string? clientAddress)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseUrl, $"/api/rallies/{rally.RallyId}/streams/{Crowd.StreamId}/viewers"))
        {
            Content = JsonContent.Create(new { displayName }, options: Json),
        };
        if (clientAddress is not null)
        {
            request.Headers.Add("X-Forwarded-For", clientAddress);
        }

        return request;
    }

    public override Uri ViewerHubUrl(RallyHandle rally, string token) =>
        new(nodes[(int)(Interlocked.Increment(ref _connections) % nodes.Count)], "/hubs/viewer?access_token=" + Uri.EscapeDataString(token));

    public Uri OrganiserHubUrl(RallyHandle rally) => new(BaseUrl, "/hubs/organiser?access_token=" + Uri.EscapeDataString(rally.OrganiserKey));
}

/// <summary>A baseline of RallyLive.LoadBaselines (L0 or N): no auth, the rally named in the hub URL's query.</summary>
internal sealed class BaselineTarget(string name, Uri baseUrl, string hubPath, int pid) : Target(name, baseUrl, new ProcessSampler(pid))
{
    public override Task<RallyHandle> CreateRallyAsync(HttpClient http, int index) => Task.FromResult(new RallyHandle($"rally-{index}", string.Empty));

    public override Task<string[]> ViewerTokensAsync(HttpClient http, RallyHandle rally, int first, int count, int parallelism, Func<int, string>? clientAddress = null) =>
        Task.FromResult(Enumerable.Repeat(string.Empty, count).ToArray());

    public override Uri ViewerHubUrl(RallyHandle rally, string token) => new(BaseUrl, $"{hubPath}?rally={rally.RallyId}");
}
