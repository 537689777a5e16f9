using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RallyLive.Server.Health;

/// <summary>The <c>/health</c> endpoint: healthy when a grain call that writes to storage succeeds.</summary>
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

internal sealed class GrainStorageHealthCheck(IGrainFactory grains, TimeProvider time) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var checks = await grains.GetGrain<IHealthGrain>("server").Check(time.GetUtcNow());
            return HealthCheckResult.Healthy($"Grain runtime and storage answered ({checks} checks stored).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("A grain call that writes to storage failed.", exception);
        }
    }
}
