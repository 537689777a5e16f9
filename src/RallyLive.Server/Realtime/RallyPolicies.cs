using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>The authorization policies of the hubs: one role each, in the rally the token names.</summary>
public static class RallyPolicies
{
    public const string Viewer = "RallyViewer";
    public const string Moderator = "RallyModerator";
    public const string Organiser = "RallyOrganiser";

    public static IServiceCollection AddRallyPolicies(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Viewer, p => p.RequireClaim(RallyTokenAuthenticationHandler.RoleClaim, nameof(RallyRole.Viewer)))
            .AddPolicy(Moderator, p => p.RequireClaim(RallyTokenAuthenticationHandler.RoleClaim, nameof(RallyRole.Moderator)))
            .AddPolicy(Organiser, p => p.RequireClaim(RallyTokenAuthenticationHandler.RoleClaim, nameof(RallyRole.Organiser)))
            .Services;
}
