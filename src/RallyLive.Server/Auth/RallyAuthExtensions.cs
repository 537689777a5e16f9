using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Api;
using RallyLive.Server.Hosting;
using RallyLive.Server.Realtime;
using StackExchange.Redis;

namespace RallyLive.Server.Auth;

/// <summary>Per-rally roles: token authentication, and an endpoint filter that checks role and rally.</summary>
public static class RallyAuthExtensions
{
    public static WebApplicationBuilder AddRallyLiveAuth(this WebApplicationBuilder builder)
    {
        builder.Services.AddDataProtection().SetApplicationName("RallyLive");
        var cluster = ClusterSettings.From(builder.Configuration);
        if (cluster.IsCluster)
        {
            // Every node signs and reads the same tokens: the key ring lives in the cluster's Redis.
            builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer>((o, redis) =>
                o.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), $"{cluster.ClusterId}:data-protection-keys"));
        }
        else
        {
            // Keys in files readable by the server's user only.
            var keys = builder.Configuration[$"{TokenOptions.SectionName}:{nameof(TokenOptions.KeyDirectory)}"] ?? new TokenOptions().KeyDirectory;
            var keyDirectory = new DirectoryInfo(Path.Combine(builder.Environment.ContentRootPath, keys));
            builder.Services.AddOptions<KeyManagementOptions>().Configure(o => o.XmlRepository = new OwnerOnlyKeyRepository(keyDirectory));
        }

        builder.Services.AddOptions<TokenOptions>().BindConfiguration(TokenOptions.SectionName)
            .Validate(o => o.OrganiserKeyLifetime > TimeSpan.Zero && o.ModeratorKeyLifetime > TimeSpan.Zero && o.ViewerTokenLifetime > TimeSpan.Zero,
                "RallyLive:Tokens lifetimes must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RallyTokens>();
        builder.Services.AddAuthentication(RallyTokenAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, RallyTokenAuthenticationHandler>(RallyTokenAuthenticationHandler.SchemeName, null);
        return builder;
    }

    /// <summary>
    /// The security middleware, in order: the hubs' Origin check first (a foreign page is refused before its
    /// token is even read), then token authentication and authorization.
    /// </summary>
    public static WebApplication UseRallyLiveSecurity(this WebApplication app)
    {
        app.UseHubOriginCheck();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }

    /// <summary>Lets the endpoint run only for a token of one of <paramref name="roles"/> in the route's <c>{rallyId}</c>.</summary>
    public static TBuilder RequireRallyRole<TBuilder>(this TBuilder builder, params RallyRole[] roles)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var metrics = http.RequestServices.GetRequiredService<RealtimeMetrics>();
            if (http.User.Identity?.IsAuthenticated != true)
            {
                metrics.Rejected(ApiErrors.Unauthenticated);
                return ApiErrors.Problem(StatusCodes.Status401Unauthorized, ApiErrors.Unauthenticated, "A valid RallyLive token is required.");
            }

            if (http.GetRouteValue("rallyId") is string rallyId && http.User.Holds(rallyId, roles)
                && await http.RequestServices.GetRequiredService<IGrainFactory>().IsActiveKeyAsync(rallyId, http.User.Role(), http.User.SubjectId()))
            {
                return await next(context);
            }

            metrics.Rejected(ApiErrors.Forbidden);
            return ApiErrors.Problem(StatusCodes.Status403Forbidden, ApiErrors.Forbidden,
                $"This needs the {string.Join(" or ", roles).ToLowerInvariant()} role in this rally.");
        });
}
