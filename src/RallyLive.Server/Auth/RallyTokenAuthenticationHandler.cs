using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace RallyLive.Server.Auth;

/// <summary>
/// Authenticates requests carrying a RallyLive token, as <c>Authorization: Bearer</c> or, for WebSocket and
/// server-sent-event connections that cannot set headers, as the <c>access_token</c> query parameter.
/// A token never reaches a log: failures say only that the token was not accepted.
/// </summary>
public sealed class RallyTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, RallyTokens tokens)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "RallyToken";
    public const string RallyClaim = "rally";
    public const string RoleClaim = "rally_role";

    /// <summary>When the token expires, in Unix milliseconds: hub connections close then (<c>ExpiredTokenSweep</c>).</summary>
    public const string ExpiresClaim = "rally_expires";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = TokenOf(Request);
        if (token is null)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (tokens.Read(token) is not { } grant)
        {
            return Task.FromResult(AuthenticateResult.Fail("The token was not accepted."));
        }

        var identity = new ClaimsIdentity(
            [
                new(ClaimTypes.NameIdentifier, grant.SubjectId), new(RallyClaim, grant.RallyId), new(RoleClaim, grant.Role.ToString()),
                new(ExpiresClaim, grant.ExpiresAt.ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ],
            SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    /// <summary>The token a request carries, from its <c>Authorization: Bearer</c> header or its <c>access_token</c> query parameter.</summary>
    public static string? TokenOf(HttpRequest request)
    {
        var header = request.Headers.Authorization.FirstOrDefault();
        return header is not null && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? header["Bearer ".Length..].Trim()
            : request.Query["access_token"].FirstOrDefault();
    }
}
