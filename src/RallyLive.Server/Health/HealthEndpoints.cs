using Microsoft.Extensions.Diagnostics.HealthChecks;
using RallyLive.Server.Hosting;

namespace RallyLive.Server.Health;

/// <summary>The <c>/health</c> endpoint: healthy when a grain call that writes to storage succeeds on this node.</summary>
public static class HealthEndpoints
{
    public static WebApplicationBuilder AddRallyLiveHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks().AddCheck<GrainStorageHealthCheck>("grains");
        return builder;
    }

    public static WebApplication MapRallyLiveHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health");
        return app;
    }
}

/// <summary>
/// Calls this node's own health grain (placed on the node that calls it), so that in a cluster a node reports its own
/// silo and its own way to storage, not another node's. A node of a cluster keys it by its silo endpoint, which its
/// settings fix; the embedded node has one key.
/// </summary>
internal sealed class GrainStorageHealthCheck(IGrainFactory grains, ILocalSiloDetails silo, IConfiguration configuration, TimeProvider time) : IHealthCheck
{
    private readonly string _key = ClusterSettings.From(configuration).IsCluster ? silo.SiloAddress.Endpoint.ToString() : "server";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var checks = await grains.GetGrain<IHealthGrain>(_key).Check(time.GetUtcNow());
            return HealthCheckResult.Healthy($"Grain runtime and storage answered ({checks} checks stored).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("A grain call that writes to storage failed.", exception);
        }
    }
}
