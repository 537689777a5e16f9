using System.Globalization;
using System.Security.Cryptography;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains;
using RallyLive.Server.Auth;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Api;

/// <summary>The HTTP API: create and read rallies, mint moderator keys, join streams, read the report.</summary>
public static class RallyApi
{
    public static WebApplication MapRallyApi(this WebApplication app)
    {
        var rallies = app.MapGroup("/api/rallies");
        rallies.MapPost("/", CreateRallyAsync).RequireRateLimiting(HttpRateLimits.CreateRallyPolicy);
        rallies.MapGet("/{rallyId}", GetRallyAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy).RequireRallyRole(RallyRole.Organiser, RallyRole.Moderator);
        rallies.MapGet("/{rallyId}/public", GetPublicRallyAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy);
        rallies.MapPost("/{rallyId}/moderator-keys", MintModeratorKeyAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy).RequireRallyRole(RallyRole.Organiser);
        rallies.MapDelete("/{rallyId}/moderators/{moderatorId}", RevokeModeratorAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy).RequireRallyRole(RallyRole.Organiser);
        rallies.MapPost("/{rallyId}/organiser-key", RotateOrganiserKeyAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy).RequireRallyRole(RallyRole.Organiser);
        rallies.MapPost("/{rallyId}/streams/{streamId}/viewers", JoinStreamAsync).RequireRateLimiting(HttpRateLimits.JoinStreamPolicy);
        rallies.MapGet("/{rallyId}/report", GetReportAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy).RequireRallyRole(RallyRole.Organiser);
        rallies.MapGet("/{rallyId}/report.csv", GetReportCsvAsync).RequireRateLimiting(HttpRateLimits.ApiPolicy).RequireRallyRole(RallyRole.Organiser);
        return app;
    }

    private static async Task<IResult> CreateRallyAsync(CreateRallyRequest request, IGrainFactory grains, RallyTokens tokens)
    {
        var rallyId = NewId("r");
        var organiserId = NewId("org");
        var rally = await grains.GetGrain<IRallyGrain>(rallyId).Create(request, organiserId);
        return TypedResults.Created($"/api/rallies/{rallyId}", new CreatedRally(rallyId, tokens.Mint(rallyId, RallyRole.Organiser, organiserId), rally));
    }

    private static async Task<IResult> GetRallyAsync(string rallyId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRallyGrain>(rallyId).GetSnapshot());

    private static async Task<IResult> GetPublicRallyAsync(string rallyId, IGrainFactory grains) =>
        TypedResults.Ok(PublicRally.Of(await grains.GetGrain<IRallyGrain>(Ids.Require(rallyId, "rally")).GetSnapshot()));

    private static async Task<IResult> MintModeratorKeyAsync(string rallyId, MintModeratorKeyRequest request, IGrainFactory grains, RallyTokens tokens)
    {
        var name = RallyLive.Domain.Moderation.TextNormalizer.Clean(request?.Name ?? string.Empty);
        if (string.IsNullOrEmpty(name) || name.Length > 80)
        {
            return ApiErrors.Problem(StatusCodes.Status400BadRequest, ApiErrors.InvalidRequest, "A moderator has a name of 1 to 80 characters.");
        }

        var moderatorId = NewId("mod");
        await grains.GetGrain<IRallyGrain>(rallyId).AddModerator(moderatorId, name);
        return TypedResults.Ok(new ModeratorKey(moderatorId, name, tokens.Mint(rallyId, RallyRole.Moderator, moderatorId)));
    }

    /// <summary>Demotes a moderator: their key stops working at once and their open consoles close.</summary>
    private static async Task<IResult> RevokeModeratorAsync(string rallyId, string moderatorId, IGrainFactory grains, RallyConnections connections)
    {
        await grains.GetGrain<IRallyGrain>(rallyId).RevokeModerator(moderatorId);
        connections.CloseAll(rallyId, RallyRole.Moderator, moderatorId);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Rotates the organiser key (a key leaked, or a device lost): the answer carries the new key, every earlier key stops
    /// working at once, and the organiser connections opened with the key used here close.
    /// </summary>
    private static async Task<IResult> RotateOrganiserKeyAsync(string rallyId, HttpContext http, IGrainFactory grains, RallyTokens tokens, RallyConnections connections)
    {
        var organiserId = NewId("org");
        await grains.GetGrain<IRallyGrain>(rallyId).ReplaceOrganiser(organiserId);
        connections.CloseAll(rallyId, RallyRole.Organiser, http.User.SubjectId());
        return TypedResults.Ok(new OrganiserKey(tokens.Mint(rallyId, RallyRole.Organiser, organiserId)));
    }

    /// <summary>How long a barred address's request to mint a viewer token waits for its refusal.</summary>
    private static readonly TimeSpan BarredRefusalDelay = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Joins a viewer to a stream. A viewer who rejoins with a token this rally gave them keeps their id, even once it has
    /// expired, so their bans, timeouts, slow mode and votes stay theirs; anyone else is a new viewer.
    /// </summary>
    private static async Task<IResult> JoinStreamAsync(string rallyId, string streamId, JoinStreamRequest request, HttpContext http,
        IGrainFactory grains, RallyTokens tokens, BarredAddresses barred, TimeProvider time)
    {
        if (barred.IsBarred(http.Connection.RemoteIpAddress, out var remaining))
        {
            // Answered after a second: a flooder retrying at once is slowed to a try a second per connection, and
            // costs the node a held request instead of a thousand refusals a second.
            await Task.Delay(BarredRefusalDelay, time, http.RequestAborted);
            http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            return ApiErrors.Problem(StatusCodes.Status429TooManyRequests, HttpRateLimits.RateLimited,
                "Viewers from your address kept calling after being told to slow down; try again after the time in Retry-After.");
        }

        Ids.Require(rallyId, "rally");
        Ids.Require(streamId, "stream");
        var viewerId = tokens.ReadIncludingExpired(RallyTokenAuthenticationHandler.TokenOf(http.Request)) is { Role: RallyRole.Viewer } returning
            && returning.RallyId == rallyId
                ? returning.SubjectId
                : NewId("v");

        // The rally first: an unknown rally is refused as such, and a rally of an earlier version hands its setup down
        // to its streams as it activates.
        await grains.GetGrain<IRallyGrain>(rallyId).GetSnapshot();
        var receipt = await grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, streamId)).Join(new JoinRequest(viewerId, request?.DisplayName ?? string.Empty, Provisional: true));
        return TypedResults.Ok(new StreamJoined(viewerId, tokens.Mint(rallyId, RallyRole.Viewer, viewerId), receipt));
    }

    private static async Task<IResult> GetReportAsync(string rallyId, IGrainFactory grains) =>
        TypedResults.Ok(await grains.GetGrain<IRallyGrain>(rallyId).GetReport());

    private static async Task<IResult> GetReportCsvAsync(string rallyId, IGrainFactory grains)
    {
        var report = await grains.GetGrain<IRallyGrain>(rallyId).GetReport();
        return TypedResults.Text(ReportCsv.Write(report), "text/csv; charset=utf-8");
    }

    private static string NewId(string prefix) => $"{prefix}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}";
}
