using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RallyLive.Server.Health;

/// <summary>
/// The health endpoints, open to anyone and never rate limited:
/// <c>/health/live</c> answers while the process serves HTTP (it checks nothing, so a slow store never gets a live
/// node restarted); <c>/health/ready</c> when this node's grains can store state (SQLite or Redis) and its silo is
/// Active in the cluster's membership (a node starting up or shutting down is not, so a balancer stops sending it
/// clients); <c>/health</c>, the original check, when a grain call that writes to storage succeeds.
/// </summary>
public static class HealthEndpoints
{
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    /// <summary>
    /// A storage that hangs (Redis unreachable, a lock held) would hold a probe for Orleans' response timeout, 30 s;
    /// after this long the check answers Unhealthy instead, well within a probe's own timeout.
    /// </summary>
    public static readonly TimeSpan StorageCheckTimeout = TimeSpan.FromSeconds(5);

    private const string StorageTag = "storage";
    private const string ReadyTag = "ready";

    public static WebApplicationBuilder AddRallyLiveHealth(this WebApplicationBuilder builder)
    {
        // Singletons: the checks resolve their settings (the health grain's key) once, not on every call.
        builder.Services.AddSingleton<GrainStorageHealthCheck>();
        builder.Services.AddSingleton<SiloMembershipHealthCheck>();
        builder.Services.AddHealthChecks()
            .AddCheck<GrainStorageHealthCheck>("grains", failureStatus: null, tags: [StorageTag, ReadyTag], timeout: StorageCheckTimeout)
            .AddCheck<SiloMembershipHealthCheck>("membership", tags: [ReadyTag]);
        return builder;
    }

    public static WebApplication MapRallyLiveHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = check => check.Tags.Contains(StorageTag) });
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return app;
    }
}
