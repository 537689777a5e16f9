using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;
using RallyLive.Abstractions.Rallies;
using RallyLive.Grains.Live;
using RallyLive.Persistence.Hosting;
using RallyLive.Testing;

namespace RallyLive.Grains.Tests;

/// <summary>
/// An Orleans test cluster of one silo with RallyLive's grains on SQLite (a file of its own), a manual clock, a
/// recording broadcaster, and helpers to set up a rally. Tests call grains through the cluster's client, so every
/// request, reply and error crosses the wire as it would from another node.
/// </summary>
/// <remarks>
/// A test class shares one cluster (<c>IClassFixture&lt;DomainCluster&gt;</c>; each class is its own xUnit
/// collection, so its tests run one at a time) and derives from <see cref="DomainTests"/>, which collects the
/// activations a test leaves behind. Each test works on a rally of its own (<see cref="NewRallyId"/>) and reads only
/// that rally's broadcasts (<see cref="RecordingBroadcaster.For"/>), so moving the clock or restarting the cluster
/// is harmless to the class's other tests. A test that needs a cluster set up differently starts one with
/// <see cref="StartAsync"/>.
/// </remarks>
public sealed class DomainCluster : IAsyncLifetime, IAsyncDisposable
{
    private readonly TemporaryDataFile _dataFile = new();
    private InProcessTestCluster _cluster = null!;

    private readonly int _silos;
    private readonly Action<ISiloBuilder>? _configureSilo;

    /// <summary>The one-silo cluster a test class shares; xUnit starts it before the class's first test.</summary>
    public DomainCluster()
        : this(silos: 1, configureSilo: null)
    {
    }

    private DomainCluster(int silos, Action<ISiloBuilder>? configureSilo)
    {
        _silos = silos;
        _configureSilo = configureSilo;
    }

    public GrainClock Time { get; } = new();

    public RecordingBroadcaster Broadcaster { get; } = new();

    public IGrainFactory Grains => _cluster.Client;

    /// <summary>The first silo's services: its meter factory, for tests that read what its grains measured.</summary>
    public IServiceProvider FirstSiloServices => _cluster.Silos[0].ServiceProvider;

    /// <summary>The silo an activation of <paramref name="grain"/> lives on, or null when it has none.</summary>
    public SiloAddress? SiloOf(IAddressable grain) =>
        _cluster.TryGetGrainContext(grain.GetGrainId(), out var context) ? context.Address.SiloAddress : null;

    /// <summary>Starts <paramref name="silos"/> silos, each configured by <paramref name="configureSilo"/> after RallyLive's own setup.</summary>
    public static async Task<DomainCluster> StartAsync(int silos = 1, Action<ISiloBuilder>? configureSilo = null)
    {
        var domain = new DomainCluster(silos, configureSilo);
        await domain.DeployAsync();
        return domain;
    }

    /// <summary>
    /// Stops the silo (every grain deactivates) and starts a new cluster over the same data file, running
    /// <paramref name="whileStopped"/> on the file in between.
    /// </summary>
    public async Task RestartAsync(Func<string, Task>? whileStopped = null)
    {
        await _cluster.DisposeAsync();
        if (whileStopped is not null)
        {
            await whileStopped(_dataFile.Path);
        }

        await DeployAsync();
    }

    /// <summary>
    /// Deactivates every activation not running a call, as idle collection would (it keeps real time, so a test
    /// cannot wait for it). Grains store what they must as they deactivate.
    /// </summary>
    public Task CollectIdleActivationsAsync() =>
        _cluster.Client.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

    public static string NewRallyId() => "rally-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>The demo's first rally, in draft: three speakers, three streams, four segments.</summary>
    public static CreateRallyRequest TrueSmileRally() => new(
        "True Smile rally",
        "Authentic smiles and dental care for everyone",
        [new("luna-vega", "Luna Vega", "Leader of the True Smile movement"), new("kira-jones", "Kira Jones"), new("orion-rivers", "Dr. Orion Rivers")],
        [new("main-stage", "Main stage"), new("kira-live", "Kira Jones live", "https://video.example/kira"), new("street-cam", "Street camera")],
        [new("Opening call", "luna-vega"), new("Kira speaks", "kira-jones"), new("Mini-lab demo", "orion-rivers"), new("Closing", "luna-vega")]);

    public async Task<IRallyGrain> CreateRallyAsync(string rallyId, bool live = true)
    {
        var rally = Grains.GetGrain<IRallyGrain>(rallyId);
        await rally.Create(TrueSmileRally(), "org-test");
        if (live)
        {
            await rally.GoLive();
        }

        return rally;
    }

    public static ImmutableDictionary<string, int> Taps(params (string Kind, int Count)[] taps) =>
        taps.ToImmutableDictionary(t => t.Kind, t => t.Count);

    public async ValueTask DisposeAsync()
    {
        await _cluster.DisposeAsync();
        _dataFile.Dispose();
    }

    Task IAsyncLifetime.InitializeAsync() => DeployAsync();

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    private async Task DeployAsync()
    {
        var builder = new InProcessTestClusterBuilder((short)_silos);
        builder.Options.ConfigureFileLogging = false;
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddSqliteGrainStorageAsDefault(options => options.DataSource = _dataFile.Path);
            silo.AddRallyLiveGrains();
            silo.Services.AddGrainClock(Time).AddSingleton<IRallyBroadcaster>(Broadcaster);
            _configureSilo?.Invoke(silo);
        });
        _cluster = builder.Build();
        await _cluster.DeployAsync();
    }
}
