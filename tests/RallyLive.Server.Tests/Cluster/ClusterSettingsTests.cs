using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting.Kubernetes;
using RallyLive.Server.Hosting;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// The cluster settings the deploy files rely on: <c>RallyLive:Cluster:Kubernetes</c> turns Orleans' Kubernetes
/// hosting on, and <c>RallyLive:Cluster:AdvertisedAddress</c> may be a host name (a compose service's).
/// No Redis is reached: only the silo's registrations are read.
/// </summary>
public sealed class ClusterSettingsTests
{
    [Fact]
    public void KubernetesSet_TheSiloRunsOrleansKubernetesHosting()
    {
        var services = ClusterSiloServices(("RallyLive:Cluster:Kubernetes", "true"));

        Assert.Contains(services, s => s.ImplementationType == typeof(KubernetesClusterAgent));
    }

    [Fact]
    public void KubernetesUnset_TheSiloLeavesKubernetesAlone()
    {
        var services = ClusterSiloServices();

        Assert.DoesNotContain(services, s => s.ImplementationType == typeof(KubernetesClusterAgent));
    }

    [Fact]
    public void AdvertisedAddress_AnIpAddress_IsTakenAsItIs()
    {
        var cluster = new ClusterSettings { AdvertisedAddress = "10.1.2.3" };

        Assert.Equal(IPAddress.Parse("10.1.2.3"), cluster.ResolveAdvertisedAddress());
    }

    [Fact]
    public void AdvertisedAddress_AHostName_IsResolvedToItsAddress()
    {
        var cluster = new ClusterSettings { AdvertisedAddress = "localhost" };

        Assert.True(IPAddress.IsLoopback(cluster.ResolveAdvertisedAddress()));
    }

    [Fact]
    public void AdvertisedAddress_ANameThatDoesNotResolve_StopsTheStart_NamingTheSetting()
    {
        var cluster = new ClusterSettings { AdvertisedAddress = "no-such-node.invalid" };

        var failure = Assert.Throws<InvalidOperationException>(cluster.ResolveAdvertisedAddress);

        Assert.Contains("RallyLive:Cluster:AdvertisedAddress: 'no-such-node.invalid'", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The services a cluster node's silo registers, with its settings bound from configuration as the server binds them.</summary>
    private static IServiceCollection ClusterSiloServices(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))
                .Append(new("RallyLive:Cluster:Redis", "127.0.0.1:6379"))).Build();
        var cluster = ClusterSettings.From(configuration);
        var host = Host.CreateApplicationBuilder();

        // The Redis connection is only handed to Orleans here, never used: nothing is started.
        host.UseOrleans(silo => silo.UseRedisCluster(cluster, redis: null!, siloPort: 11111));

        return host.Services;
    }
}
