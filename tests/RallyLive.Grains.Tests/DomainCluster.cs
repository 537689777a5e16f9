using System.Collections.Immutable;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Live;
using RallyLive.Grains.Rallies;
using RallyLive.Grains.Runtime;
using RallyLive.Grains.TestingHost;

namespace RallyLive.Grains.Tests;

/// <summary>A test cluster with RallyLive's grains, a recording broadcaster and helpers to set up a rally.</summary>
public sealed class DomainCluster : IAsyncDisposable
{
    private DomainCluster(TestCluster cluster, RecordingBroadcaster broadcaster)
    {
        Cluster = cluster;
        Broadcaster = broadcaster;
    }

    public TestCluster Cluster { get; }

    public RecordingBroadcaster Broadcaster { get; }

    public IGrainFactory Grains => Cluster.GrainFactory;

    public static async Task<DomainCluster> StartAsync(Action<TestClusterOptions>? configure = null)
    {
        var broadcaster = new RecordingBroadcaster();
        var cluster = await TestCluster.StartAsync(options =>
        {
            options.ConfigureServices = services => services.AddSingleton<IRallyBroadcaster>(broadcaster).AddRallyDomain();
            configure?.Invoke(options);
        });
        return new DomainCluster(cluster, broadcaster);
    }

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
        await rally.Create(TrueSmileRally());
        if (live)
        {
            await rally.GoLive();
        }

        return rally;
    }

    public static ImmutableDictionary<string, int> Taps(params (string Kind, int Count)[] taps) =>
        taps.ToImmutableDictionary(t => t.Kind, t => t.Count);

    public ValueTask DisposeAsync() => Cluster.DisposeAsync();
}
