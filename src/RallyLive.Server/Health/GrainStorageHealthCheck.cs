using Microsoft.Extensions.Diagnostics.HealthChecks;
using RallyLive.Server.Hosting;

namespace RallyLive.Server.Health;

/// <summary>
/// Calls this node's own health grain (placed on the node that calls it), so that in a cluster a node reports its own
/// silo and its own way to storage, not another node's. A node of a cluster keys it by its silo endpoint, which its
/// settings fix; the embedded node has one key. The key is worked out once, at the first check.
/// </summary>
internal sealed class GrainStorageHealthCheck(IGrainFactory grains, ILocalSiloDetails silo, IConfiguration configuration, TimeProvider time) : IHealthCheck
{
    private readonly Lazy<string> _key = new(() => ClusterSettings.From(configuration).IsCluster ? silo.SiloAddress.Endpoint.ToString() : "server");

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var checks = await grains.GetGrain<IHealthGrain>(_key.Value).Check(time.GetUtcNow()).AsTask().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"Grain runtime and storage answered ({checks} checks stored).");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("A grain call that writes to storage failed.", exception);
        }
    }
}
