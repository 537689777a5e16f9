using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace RallyLive.Server.Auth;

/// <summary>
/// Mints and reads RallyLive's tokens: a <see cref="RallyGrant"/> sealed with ASP.NET Core Data Protection
/// (authenticated encryption), so a token cannot be read, altered or forged without the server's keys.
/// Expiry is checked against the injected <see cref="TimeProvider"/>.
/// </summary>
public sealed class RallyTokens(IDataProtectionProvider protection, TimeProvider time, IOptions<TokenOptions> options)
{
    private readonly IDataProtector _protector = protection.CreateProtector("RallyLive.Tokens.v1");

    public string Mint(string rallyId, RallyRole role, string subjectId)
    {
        var lifetime = role switch
        {
            RallyRole.Organiser => options.Value.OrganiserKeyLifetime,
            RallyRole.Moderator => options.Value.ModeratorKeyLifetime,
            _ => options.Value.ViewerTokenLifetime,
        };
        var grant = new RallyGrant(rallyId, role, subjectId, time.GetUtcNow() + lifetime);
        return _protector.Protect(JsonSerializer.Serialize(grant));
    }

    /// <summary>The grant a token carries, or null when it is forged, damaged or expired.</summary>
    public RallyGrant? Read(string? token) => Unseal(token) is { } grant && grant.ExpiresAt > time.GetUtcNow() ? grant : null;

    /// <summary>
    /// The grant a token carries even after it expired, or null when it is forged or damaged: proof of who it was
    /// given to, never of what it may still do.
    /// </summary>
    public RallyGrant? ReadIncludingExpired(string? token) => Unseal(token);

    private RallyGrant? Unseal(string? token)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 4096)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<RallyGrant>(_protector.Unprotect(token));
        }
        catch (Exception exception) when (exception is CryptographicException or JsonException or FormatException)
        {
            return null;
        }
    }
}
