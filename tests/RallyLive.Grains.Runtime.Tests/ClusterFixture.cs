using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Runtime.Tests.Grains;
using RallyLive.Grains.TestingHost;

namespace RallyLive.Grains.Runtime.Tests;

/// <summary>One in-memory test cluster shared by the tests of a collection; each test uses its own grain keys.</summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public GrainProbe Probe { get; } = new();

    public IGrainFactory Grains => Cluster.GrainFactory;

    public async Task InitializeAsync() =>
        Cluster = await TestCluster.StartAsync(options => options.ConfigureServices = services => services.AddSingleton(Probe));

    public async Task DisposeAsync() => await Cluster.DisposeAsync();

    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>Starts a cluster of its own, for tests that move its clock or restart it.</summary>
    public static Task<TestCluster> StartOwnClusterAsync(GrainProbe probe, Action<TestClusterOptions>? configure = null) =>
        TestCluster.StartAsync(options =>
        {
            options.ConfigureServices = services => services.AddSingleton(probe);
            configure?.Invoke(options);
        });
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "In-memory cluster";
}
