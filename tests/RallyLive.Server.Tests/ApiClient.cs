using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Api;

namespace RallyLive.Server.Tests;

/// <summary>Calls the HTTP API as a client would, with or without a token.</summary>
public sealed class ApiClient(HttpClient http)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static CreateRallyRequest Rally() => new(
        "Showdown at the Smile Exchange",
        "Smile equity",
        [new("elara-vale", "Elara Vale"), new("vanessa-chen", "Vanessa Chen")],
        [new("darien-live", "Darien Crouse live"), new("stage", "Stage camera")],
        [new("Opening", "elara-vale"), new("An ethical standard", "vanessa-chen")],
        ReactionPalette: []);

    public async Task<CreatedRally> CreateRallyAsync()
    {
        using var response = await http.PostAsJsonAsync("/api/rallies", Rally(), Json);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<CreatedRally>(Json))!;
    }

    public async Task<StreamJoined> JoinAsync(string rallyId, string streamId, string displayName, string? token = null)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/rallies/{rallyId}/streams/{streamId}/viewers", token, new JoinStreamRequest(displayName));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<StreamJoined>(Json))!;
    }

    public async Task<ModeratorKey> MintModeratorAsync(CreatedRally rally, string name)
    {
        using var response = await SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/moderator-keys", rally.OrganiserKey, new MintModeratorKeyRequest(name));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ModeratorKey>(Json))!;
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        }

        return await http.SendAsync(request);
    }

    /// <summary>The status and the ProblemDetails <c>code</c> of a refused request.</summary>
    public static async Task<(HttpStatusCode Status, string? Code)> ProblemOf(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (response.StatusCode, document.RootElement.TryGetProperty("code", out var code) ? code.GetString() : null);
    }
}
