using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Serialization;
using RallyLive.Simulator.Scenarios;

namespace RallyLive.Simulator.Protocol;

/// <summary>
/// The HTTP API of one RallyLive server (docs/protocol.md): create a rally, mint a moderator key, join a stream. A server
/// that does not answer throws <see cref="ServerUnavailableException"/>; a refusal throws <see cref="ApiCallException"/>.
/// </summary>
public sealed class RallyApiClient : IDisposable
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    private readonly HttpClient _http;

    /// <summary>A client of the server at <paramref name="server"/>; each request gives up after <paramref name="requestTimeout"/>.</summary>
    public RallyApiClient(Uri server, TimeSpan requestTimeout)
    {
        ArgumentNullException.ThrowIfNull(server);
        Server = server;
        _http = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
        {
            BaseAddress = new Uri(server.GetLeftPart(UriPartial.Authority)),
            Timeout = requestTimeout,
        };
    }

    public Uri Server { get; }

    /// <summary>Creates the rally of <paramref name="setup"/>; the answer carries the organiser key.</summary>
    public Task<CreatedRally> CreateRallyAsync(RallySetup setup, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(setup);
        var request = new
        {
            setup.Title,
            setup.Cause,
            Speakers = setup.Speakers.IsDefault ? [] : setup.Speakers,
            setup.Streams,
            RunOfShow = setup.RunOfShow.IsDefault ? [] : setup.RunOfShow,
        };
        return SendAsync<CreatedRally>("Creating the rally", HttpMethod.Post, "/api/rallies", null, request, cancellationToken);
    }

    /// <summary>Mints a key for a moderator named <paramref name="name"/>, as the organiser.</summary>
    public Task<MintedModeratorKey> MintModeratorKeyAsync(string rallyId, string organiserKey, string name, CancellationToken cancellationToken = default) =>
        SendAsync<MintedModeratorKey>("Minting a moderator key", HttpMethod.Post, $"/api/rallies/{Uri.EscapeDataString(rallyId)}/moderator-keys", organiserKey, new { name }, cancellationToken);

    /// <summary>Joins a stream as a new viewer (or, with <paramref name="viewerToken"/>, as the viewer of that token).</summary>
    public Task<JoinedViewer> JoinStreamAsync(string rallyId, string streamId, string displayName, string? viewerToken = null, CancellationToken cancellationToken = default) =>
        SendAsync<JoinedViewer>("Joining a stream", HttpMethod.Post,
            $"/api/rallies/{Uri.EscapeDataString(rallyId)}/streams/{Uri.EscapeDataString(streamId)}/viewers", viewerToken, new { displayName }, cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(string operation, HttpMethod method, string path, string? token, object body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path) { Content = JsonContent.Create(body, body.GetType(), options: Json) };
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception) when (exception.InnerException is SocketException || exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError)
        {
            throw new ServerUnavailableException(Server, exception.Message, exception);
        }
        catch (TaskCanceledException exception) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnavailableException(Server, $"it did not answer within {_http.Timeout.TotalSeconds:0.#} s", exception);
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await RefusalAsync(operation, response, cancellationToken);
            }

            return await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken)
                ?? throw new ApiCallException(operation, response.StatusCode, null, "the server answered null");
        }
    }

    private static async Task<ApiCallException> RefusalAsync(string operation, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        string? code = null;
        var detail = string.IsNullOrWhiteSpace(text) ? response.ReasonPhrase ?? "no detail" : text;
        try
        {
            using var problem = JsonDocument.Parse(text);
            if (problem.RootElement.ValueKind == JsonValueKind.Object)
            {
                code = problem.RootElement.TryGetProperty("code", out var c) ? c.GetString() : null;
                detail = problem.RootElement.TryGetProperty("detail", out var d) ? d.GetString() ?? detail : detail;
            }
        }
        catch (JsonException)
        {
            // Not ProblemDetails (a proxy's page, say): the text itself is the detail.
        }

        return new ApiCallException(operation, response.StatusCode, code, detail);
    }
}
