using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RallyLive.Grains.Runtime;
using RallyLive.Grains.Runtime.Activation;
using RallyLive.Grains.Runtime.Hosting;
using RallyLive.Grains.Runtime.Storage;

namespace RallyLive.Grains.TestingHost;

/// <summary>
/// A grain runtime host in the test's own process, on a <see cref="ManualTimeProvider"/> so that tests drive
/// timers, timeouts and idle collection. It plays the part of Orleans' TestCluster for one node.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private readonly TestClusterOptions _options;
    private readonly MemoryGrainStorage _memory = new(new JsonGrainStorageSerializer());
    private readonly bool _ownsSqliteFile;
    private IHost _host;

    private TestCluster(TestClusterOptions options)
    {
        _options = options;
        _ownsSqliteFile = options.Storage == TestStorage.Sqlite && options.SqliteFile is null;
        if (_ownsSqliteFile)
        {
            options.SqliteFile = Path.Combine(Path.GetTempPath(), $"rallylive-test-{Guid.NewGuid():N}.db");
        }

        _host = BuildHost();
    }

    public ManualTimeProvider Time { get; } = new();

    public IGrainFactory GrainFactory => _host.Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _host.Services;

    /// <summary>The SQLite file in use, when storage is <see cref="TestStorage.Sqlite"/>.</summary>
    public string? SqliteFile => _options.SqliteFile;

    /// <summary>Activations the runtime currently holds, including ones being activated or deactivated.</summary>
    public int ActivationCount => _host.Services.GetRequiredService<GrainRuntime>().ActivationCount;

    public static async Task<TestCluster> StartAsync(Action<TestClusterOptions>? configure = null)
    {
        var options = new TestClusterOptions();
        configure?.Invoke(options);
        var cluster = new TestCluster(options);
        await cluster._host.StartAsync();
        return cluster;
    }

    /// <summary>Stops the host (every grain deactivates) and starts a new one over the same storage.</summary>
    public async Task RestartAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        _host = BuildHost();
        await _host.StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        if (_ownsSqliteFile)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(_options.SqliteFile + suffix);
            }
        }
    }

    private IHost BuildHost()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.Services.Configure<GrainRuntimeOptions>(o => o.ResponseTimeout = _options.ResponseTimeout);
        builder.Services.Configure<GrainCollectionOptions>(o =>
        {
            o.CollectionAge = _options.CollectionAge;
            o.CollectionQuantum = _options.CollectionQuantum;
        });
        _options.ConfigureServices?.Invoke(builder.Services);
        builder.UseGrainRuntime(silo =>
        {
            if (_options.Storage == TestStorage.Sqlite)
            {
                silo.AddSqliteGrainStorageAsDefault(o =>
                {
                    o.DataSource = _options.SqliteFile!;
                    o.BusyTimeout = _options.SqliteBusyTimeout;
                });
            }
            else
            {
                silo.AddGrainStorage(GrainStorageNames.Default, _ => _memory);
            }

            _options.ConfigureSilo?.Invoke(silo);
        });
        return builder.Build();
    }
}
