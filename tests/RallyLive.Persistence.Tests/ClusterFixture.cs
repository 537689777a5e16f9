using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using RallyLive.Persistence.Hosting;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>
/// One silo with SQLite as the default storage and Orleans' memory storage (no records) as "plain", shared by
/// the tests of <see cref="ClusterCollection"/>; each test uses its own grain keys.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string PlainStorage = "plain";

    private readonly TemporaryDataFile _file = new();

    public InProcessTestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public string DataSource => _file.Path;

    public static string NewKey() => Guid.NewGuid().ToString("N");

    /// <summary>A one-silo cluster over <paramref name="dataSource"/>; disposing it stops the silo and flushes the storage.</summary>
    public static Task<InProcessTestCluster> StartAsync(string dataSource, Action<SqliteGrainStorageOptions>? configure = null) =>
        StartAsync(silo => silo.AddSqliteGrainStorageAsDefault(options =>
        {
            options.DataSource = dataSource;
            configure?.Invoke(options);
        }));

    /// <summary>
    /// A one-silo cluster whose default storage <paramref name="addDefaultStorage"/> registers, with "plain" beside it.
    /// Storages that key data by service id (Redis) find a previous silo's data only under the same <paramref name="serviceId"/>.
    /// <paramref name="configuration"/> is the silo host's configuration, for options bound from it.
    /// </summary>
    public static async Task<InProcessTestCluster> StartAsync(
        Action<ISiloBuilder> addDefaultStorage, string? serviceId = null, IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = new InProcessTestClusterBuilder(1);
        builder.Options.ConfigureFileLogging = false;
        if (serviceId is not null)
        {
            builder.Options.ServiceId = serviceId;
        }

        if (configuration is not null)
        {
            builder.ConfigureSiloHost((_, host) => host.Configuration.AddInMemoryCollection(configuration));
        }

        builder.ConfigureSilo((_, silo) => addDefaultStorage(silo.AddMemoryGrainStorage(PlainStorage)));
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync() => Cluster = await StartAsync(_file.Path);

    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _file.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "SQLite cluster";
}
