using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Runtime.Hosting;

namespace RallyLive.Grains.TestingHost;

/// <summary>Where a <see cref="TestCluster"/> keeps grain state.</summary>
public enum TestStorage
{
    /// <summary>In memory; kept across <see cref="TestCluster.RestartAsync"/>, gone when the cluster is disposed.</summary>
    Memory,

    /// <summary>In a SQLite file, as in production; a new host after a restart reads the same file.</summary>
    Sqlite,
}

/// <summary>Options of <see cref="TestCluster.StartAsync"/>.</summary>
public sealed class TestClusterOptions
{
    public TestStorage Storage { get; set; } = TestStorage.Memory;

    /// <summary>The SQLite file; when null, a new temporary file that the cluster deletes when disposed.</summary>
    public string? SqliteFile { get; set; }

    /// <summary>How long an operation waits for a SQLite lock held elsewhere.</summary>
    public TimeSpan SqliteBusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Adds services the test's grains need.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    /// <summary>Further runtime configuration, such as more named storages.</summary>
    public Action<ISiloBuilder>? ConfigureSilo { get; set; }
}
