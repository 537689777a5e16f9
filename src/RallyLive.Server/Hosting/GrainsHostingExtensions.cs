using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using RallyLive.Grains;
using RallyLive.Persistence.Hosting;
using RallyLive.Persistence.Redis.Hosting;
using StackExchange.Redis;

namespace RallyLive.Server.Hosting;

/// <summary>Runs an Orleans silo inside the server: the embedded single node on SQLite, or a node of a cluster on Redis.</summary>
public static class GrainsHostingExtensions
{
    /// <summary>Orleans' usual silo port; nodes sharing a machine set <c>Grains:Silo:Port</c> each.</summary>
    private const int DefaultClusterSiloPort = 11111;

    /// <summary>Orleans' service id of every RallyLive cluster (the pods' <c>orleans/serviceId</c> label on Kubernetes).</summary>
    internal const string ServiceId = "rallylive";

    /// <summary>
    /// Adds an Orleans silo (no client gateway: the hubs and API call grains in-process) with RallyLive's grains.
    /// With <c>RallyLive:Cluster:Redis</c> unset: localhost clustering and SQLite as the default grain storage, a
    /// relative data file placed under the content root so every way of starting the server finds it. With it set:
    /// see <see cref="UseRedisCluster"/>. Settings bind from <c>Grains:*</c> and <c>RallyLive:*</c> (deploy/README.md).
    /// </summary>
    public static WebApplicationBuilder AddRallyLiveGrains(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        var cluster = ClusterSettings.From(configuration);
        var redis = cluster.IsCluster ? cluster.ConnectRedis() : null;
        var siloPort = configuration.GetValue<int?>("Grains:Silo:Port");

        builder.UseOrleans(silo =>
        {
            if (redis is null)
            {
                // Nothing outside this process talks to the silo, so any free loopback port will do unless one is set.
                silo.UseLocalhostClustering(siloPort: siloPort ?? FreeLoopbackPort(), gatewayPort: 0);
                silo.AddSqliteGrainStorageAsDefault(options => options
                    .BindConfiguration("Grains:Storage:Default")
                    .PostConfigure(o => o.DataSource = Path.Combine(contentRoot, o.DataSource)));
            }
            else
            {
                silo.UseRedisCluster(cluster, redis, siloPort ?? DefaultClusterSiloPort);
            }

            silo.Configure<SiloMessagingOptions>(configuration.GetSection("Grains:Messaging"));
            silo.Configure<GrainCollectionOptions>(configuration.GetSection("Grains:Collection"));
            silo.AddRallyLiveGrains();
        });

        if (redis is not null)
        {
            // Refused here, before the silo starts, when a node of the cluster was given other secrets or runs an incompatible version.
            var card = ClusterCompatibility.CardOf(configuration, cluster, siloPort ?? DefaultClusterSiloPort);
            ClusterCompatibility.Join(redis.GetDatabase(), cluster.ClusterId, card, TimeProvider.System.GetUtcNow());
            builder.Services.AddSingleton(redis);
            builder.Services.AddHostedService(services => new ClusterCompatibility(redis, cluster.ClusterId, card,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<ClusterCompatibility>>()));
            builder.Services.AddHostedService(services => new StopDeadline(
                services.GetRequiredService<IHostApplicationLifetime>(), cluster.StopDeadline, services.GetRequiredService<ILogger<StopDeadline>>()));
        }

        return builder;
    }

    /// <summary>
    /// A node of a cluster: Orleans membership in Redis, probed so that a dead node is declared dead in about two
    /// seconds (the defaults take about 7 s after a kill and a minute for a hung process); grain state and records in
    /// Redis, which must run with <c>appendonly yes</c> and <c>appendfsync always</c> so that acknowledged means durable.
    /// </summary>
    internal static void UseRedisCluster(this ISiloBuilder silo, ClusterSettings cluster, IConnectionMultiplexer redis, int siloPort)
    {
        silo.Configure<ClusterOptions>(o => (o.ClusterId, o.ServiceId) = (cluster.ClusterId, ServiceId));
        silo.ConfigureEndpoints(cluster.ResolveAdvertisedAddress(), siloPort, gatewayPort: 0, listenOnAnyHostAddress: true);
        silo.UseRedisClustering(o =>
        {
            o.ConfigurationOptions = ConfigurationOptions.Parse(cluster.Redis!);
            o.CreateMultiplexer = _ => Task.FromResult((redis, IsShared: true)); // the node's one connection: Orleans leaves it open
        });
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(2);
        });
        silo.AddRedisGrainStorageWithRecordsAsDefault(o => o.ConnectionString = cluster.Redis);

        if (cluster.Kubernetes)
        {
            // Orleans' Kubernetes hosting only adds to the above (membership stays in Redis): it reads ORLEANS_CLUSTER_ID
            // and ORLEANS_SERVICE_ID only when set (the manifests leave them unset, so ClusterOptions stay ours), names
            // the silo after POD_NAME, and advertises POD_IP only when no address is configured (ours is: POD_IP too).
            // Its agent labels this pod orleans/serviceId and orleans/clusterId if they differ, watches the pods with
            // those labels and declares dead at once the silo of a pod that is deleted, instead of waiting for probes.
            silo.UseKubernetesHosting();
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
