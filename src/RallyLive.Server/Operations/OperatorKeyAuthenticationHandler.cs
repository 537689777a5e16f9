using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace RallyLive.Server.Operations;

/// <summary>
/// Authenticates the operator: the request carries the configured operator key as a bearer token or as the password
/// of HTTP Basic authentication. The key is compared in constant time (over SHA-256 digests, so neither its content
/// nor its length leaks through timing). Any other credential, a rally's token included, is not the operator; a
/// refused request is challenged with <c>WWW-Authenticate: Basic</c> so that a browser asks for the key.
/// </summary>
public sealed class OperatorKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> schemeOptions,
    IOptions<OperationsOptions> operations,
    ILoggerFactory loggers,
    UrlEncoder encoder) : AuthenticationHandler<AuthenticationSchemeOptions>(schemeOptions, loggers, encoder)
{
    public const string SchemeName = "Operator";
    public const string Realm = "RallyLive operations";

    private readonly byte[]? _keyDigest = operations.Value.HasKey ? Digest(operations.Value.Key!) : null;

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (_keyDigest is null)
        {
            return Task.FromResult(AuthenticateResult.Fail("No operator key is configured (RallyLive:Operations:Key)."));
        }

        if (PresentedKey(Request.Headers.Authorization.ToString()) is not { } presented)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (!CryptographicOperations.FixedTimeEquals(Digest(presented), _keyDigest))
        {
            return Task.FromResult(AuthenticateResult.Fail("The operator key does not match."));
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Role, SchemeName)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers[HeaderNames.WWWAuthenticate] = $"Basic realm=\"{Realm}\", charset=\"UTF-8\"";
        return Task.CompletedTask;
    }

    /// <summary>The key in <c>Bearer {key}</c>, or the password in <c>Basic base64(user:key)</c>; null for anything else.</summary>
    internal static string? PresentedKey(string authorization)
    {
        const string bearer = "Bearer ", basic = "Basic ";
        if (authorization.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return authorization[bearer.Length..].Trim();
        }

        if (!authorization.StartsWith(basic, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var decoded = new byte[authorization.Length];
        if (!Convert.TryFromBase64String(authorization[basic.Length..].Trim(), decoded, out var length))
        {
            return null;
        }

        var credentials = Encoding.UTF8.GetString(decoded, 0, length);
        var colon = credentials.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? null : credentials[(colon + 1)..];
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
