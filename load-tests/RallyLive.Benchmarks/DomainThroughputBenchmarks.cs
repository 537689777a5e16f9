using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains;
using RallyLive.Grains.Streams;
using RallyLive.Grains.Polls;
using RallyLive.Persistence.Hosting;

namespace RallyLive.Benchmarks;

/// <summary>
/// The domain's hottest calls, on a single-node Orleans silo over a real SQLite file: a poll burst (every vote durable before it is
/// acknowledged, many viewers voting at once) and reaction batches arriving at one stream. Mean and Allocated
/// are per vote and per batch.
/// </summary>
/// <remarks>Not sealed: BenchmarkDotNet generates a runnable class that derives from this one.</remarks>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class DomainThroughputBenchmarks
{
    /// <summary>Viewers who vote at once in <see cref="PollBurst"/>.</summary>
    public const int VotersPerBurst = 20_000;

    /// <summary>Reaction batches per invocation of <see cref="ReactionBatches"/>, from as many joined viewers.</summary>
    public const int BatchesPerInvoke = 1_000;

    private static readonly ImmutableDictionary<string, int> Taps = ImmutableDictionary<string, int>.Empty.Add("cheer", 3).Add("clap", 1);

    private readonly string _dataFile = Path.Combine(Path.GetTempPath(), $"rallylive-bench-{Guid.NewGuid():N}.db");
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private IGrainFactory _grains = null!;
    private IRallyGrain _rally = null!;
    private IStreamGrain _stream = null!;
    private int _burst;

    [GlobalSetup]
    public async Task StartAsync()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        // Each viewer sends one batch per invocation, far more often than a client may: the stream's per-viewer limit is lifted.
        builder.Services.PostConfigure<StreamOptions>(o => o.ReactionBatchesPerViewer = new RateLimit(PerSecond: 1e9, Burst: 1_000_000_000));
        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(gatewayPort: 0)
            .AddRallyLiveGrains()
            .AddSqliteGrainStorageAsDefault(options => options.DataSource = _dataFile));
        _host = builder.Build();
        await _host.StartAsync();
        _grains = _host.Services.GetRequiredService<IGrainFactory>();
        var rallyId = "bench-" + Guid.NewGuid().ToString("N")[..8];
        _rally = _grains.GetGrain<IRallyGrain>(rallyId);
        await _rally.Create(new CreateRallyRequest("Benchmark rally", null, [], [new("main-stage", "Main stage")], []), "org-bench");
        await _rally.GoLive();
        _stream = _grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        for (var i = 0; i < BatchesPerInvoke; i++)
        {
            await _stream.Join(new JoinRequest($"viewer-{i}", $"Viewer {i}"));
        }
    }

    [GlobalCleanup]
    public async Task StopAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_dataFile + suffix);
        }
    }

    /// <summary>A new poll, opened, and <see cref="VotersPerBurst"/> viewers voting at once; returns when every vote is stored.</summary>
    [Benchmark(OperationsPerInvoke = VotersPerBurst)]
    public async Task PollBurst()
    {
        var draft = await _rally.AddPoll(new CreatePollRequest($"Burst {++_burst}?", ["Yes", "No", "Later"]));
        await _rally.OpenPoll(draft.PollId);
        var poll = _grains.GetGrain<IPollGrain>(PollKey.For(draft.RallyId, draft.PollId));
        var votes = new Task[VotersPerBurst];
        for (var i = 0; i < votes.Length; i++)
        {
            votes[i] = poll.Vote(new VoteRequest($"viewer-{i}", i % 3)).AsTask();
        }

        await Task.WhenAll(votes);
    }

    /// <summary>One batch of taps from each of <see cref="BatchesPerInvoke"/> viewers, as their clients send them each tick.</summary>
    [Benchmark(OperationsPerInvoke = BatchesPerInvoke)]
    public async Task ReactionBatches()
    {
        for (var i = 0; i < BatchesPerInvoke; i++)
        {
            await _stream.React(new ReactRequest($"viewer-{i}", Taps));
        }
    }
}
