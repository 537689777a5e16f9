using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace RallyLive.Server.Health;

/// <summary>
/// Healthy while this node's silo is Active in the membership this node sees: not while it is joining, once it has
/// begun shutting down, or after the cluster has declared it dead (a node cut off from the others long enough).
/// </summary>
internal sealed class SiloMembershipHealthCheck(IClusterMembershipService membership, ILocalSiloDetails silo) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(silo.SiloAddress);
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy("This silo is Active in the cluster's membership.")
            : HealthCheckResult.Unhealthy($"This silo is {status} in the cluster's membership."));
    }
}
