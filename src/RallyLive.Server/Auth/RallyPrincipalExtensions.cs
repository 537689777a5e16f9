using System.Security.Claims;

namespace RallyLive.Server.Auth;

/// <summary>Reads a request's RallyLive grant back out of its claims.</summary>
public static class RallyPrincipalExtensions
{
    /// <summary>True when the user holds one of <paramref name="roles"/> in <paramref name="rallyId"/>.</summary>
    public static bool Holds(this ClaimsPrincipal user, string rallyId, params RallyRole[] roles) =>
        user.FindFirstValue(RallyTokenAuthenticationHandler.RallyClaim) == rallyId
        && Enum.TryParse<RallyRole>(user.FindFirstValue(RallyTokenAuthenticationHandler.RoleClaim), out var held)
        && roles.Contains(held);

    /// <summary>The role the user's token grants.</summary>
    public static RallyRole Role(this ClaimsPrincipal user) =>
        Enum.TryParse<RallyRole>(user.FindFirstValue(RallyTokenAuthenticationHandler.RoleClaim), out var role)
            ? role
            : throw new InvalidOperationException("The request carries no RallyLive token.");

    /// <summary>When the user's token expires; null for a token that carries no expiry.</summary>
    public static DateTimeOffset? TokenExpires(this ClaimsPrincipal user) =>
        long.TryParse(user.FindFirstValue(RallyTokenAuthenticationHandler.ExpiresClaim), out var milliseconds)
            ? DateTimeOffset.FromUnixTimeMilliseconds(milliseconds)
            : null;

    public static string SubjectId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("The request carries no RallyLive token.");
}
