using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.Storage;
using RallyLive.Persistence.Records;
using RallyLive.Persistence.Sqlite;
using RallyLive.Persistence.Tests.Redis;

namespace RallyLive.Persistence.Tests;

/// <summary>
/// Acknowledged means durable, across a real crash: a silo in a child process is killed (SIGKILL) while its grains
/// write states and records as fast as they can, and the storage holds every write that was acknowledged: the SQLite
/// file it leaves, or Redis, itself killed and restarted from its append-only file after the silo.
/// </summary>
public sealed class CrashTests
{
    private const int Grains = 32;

    /// <summary>Acknowledged writes before the kill: enough that many more are queued or committing when it lands.</summary>
    private const int AcknowledgedBeforeKill = 3000;

    /// <summary>What a crash test needs of a storage: how the child silo reaches it, and a storage that reads what the crash left.</summary>
    private interface ICrashedStorage : IAsyncDisposable
    {
        /// <summary>The child's storage arguments: <c>sqlite FILE</c> or <c>redis CONNECTION</c> (see <see cref="Program"/>).</summary>
        string[] SiloArguments { get; }

        /// <summary>After the kill: checks what a crash leaves, and opens the storage for reading; it keeps records too.</summary>
        Task<IGrainStorage> OpenAfterCrashAsync(int repetition);
    }

    public static TheoryData<string, int> Runs => new() { { "sqlite", 1 }, { "sqlite", 2 }, { "sqlite", 3 }, { "redis", 1 }, { "redis", 2 }, { "redis", 3 } };

    [Theory]
    [MemberData(nameof(Runs))]
    public async Task EveryAcknowledgedWrite_SurvivesAKillOfTheSiloMidBurst(string storageKind, int repetition)
    {
        await using var crashed = storageKind == "redis" ? new RedisCrash(await RedisServer.StartAsync()) : (ICrashedStorage)new SqliteCrash();
        var counters = new ConcurrentDictionary<int, int>();
        var records = new ConcurrentDictionary<int, ConcurrentBag<int>>();
        var acknowledged = 0;
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string line)
        {
            switch (line.Split(' '))
            {
                case ["ready"]:
                    ready.TrySetResult();
                    return;
                case ["state", var grain, var value]:
                    counters.AddOrUpdate(int.Parse(grain, CultureInfo.InvariantCulture), _ => int.Parse(value, CultureInfo.InvariantCulture),
                        (_, held) => Math.Max(held, int.Parse(value, CultureInfo.InvariantCulture)));
                    break;
                case ["record", var grain, var number]:
                    records.GetOrAdd(int.Parse(grain, CultureInfo.InvariantCulture), _ => []).Add(int.Parse(number, CultureInfo.InvariantCulture));
                    break;
                default:
                    return;
            }

            if (Interlocked.Increment(ref acknowledged) == AcknowledgedBeforeKill)
            {
                killNow.TrySetResult();
            }
        }

        string[] arguments = ["burst", .. crashed.SiloArguments, LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            LoopbackPort.Free().ToString(CultureInfo.InvariantCulture), Grains.ToString(CultureInfo.InvariantCulture)];
        await using (var silo = ChildProcess.Start(OnLine, arguments))
        {
            await silo.WaitAsync(ready.Task, TimeSpan.FromSeconds(120));
            await silo.WaitAsync(killNow.Task, TimeSpan.FromSeconds(120));
            await silo.KillAsync();
        }

        var storage = await crashed.OpenAfterCrashAsync(repetition);
        Assert.True(acknowledged >= AcknowledgedBeforeKill);
        foreach (var (grain, value) in counters)
        {
            var state = new TestState<CounterState>();
            await storage.ReadStateAsync("counter", GrainId.Create("counter", $"crash-{grain}"), state);

            // Each grain writes one at a time, so at most the one write after the last acknowledged was committed.
            Assert.InRange(state.State.Value, value, value + 1);
        }

        foreach (var (grain, numbers) in records)
        {
            var stored = (await ((IGrainRecordStorage)storage).ReadRecordsAsync(GrainId.Create("guestbook", $"crash-{grain}"), "entries", null, int.MaxValue))
                .Select(r => int.Parse(r.Key, CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Empty(numbers.Except(stored));
        }
    }

    private sealed class SqliteCrash : ICrashedStorage
    {
        private readonly TemporaryDataFile _file = new();
        private SqliteGrainStorage? _storage;

        public string[] SiloArguments => ["sqlite", _file.Path];

        public async Task<IGrainStorage> OpenAfterCrashAsync(int repetition)
        {
            Assert.True(File.Exists(_file.Path + "-wal"), "A killed silo leaves its WAL behind; without one this was no crash.");
            SqliteConnection.ClearAllPools();
            Assert.Equal("ok", await IntegrityCheckAsync());
            _storage = new SqliteGrainStorage($"after-crash-{repetition}", new SqliteGrainStorageOptions { DataSource = _file.Path },
                NullLogger<SqliteGrainStorage>.Instance);
            await _storage.OpenAsync();
            return _storage;
        }

        public async ValueTask DisposeAsync()
        {
            if (_storage is not null)
            {
                await _storage.DisposeAsync();
            }

            _file.Dispose();
        }

        private async Task<string> IntegrityCheckAsync()
        {
            await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            return (string)(await command.ExecuteScalarAsync())!;
        }
    }

    /// <summary>Redis, killed (SIGKILL) and restarted after the silo: what it acknowledged must come back from its append-only file.</summary>
    private sealed class RedisCrash(RedisServer server) : ICrashedStorage
    {
        private InProcessTestCluster? _reader;

        public string[] SiloArguments => ["redis", server.ConnectionString];

        public async Task<IGrainStorage> OpenAfterCrashAsync(int repetition)
        {
            await server.KillAsync();
            Assert.True(Directory.EnumerateFiles(Path.Combine(server.DataDirectory, "appendonlydir"), "*.aof").Any(),
                "A killed Redis leaves its append-only file behind; without one this proved nothing.");
            await server.RestartAsync();
            _reader = await RedisFixture.StartSiloAsync(server.ConnectionString);
            return RedisFixture.Storage(_reader);
        }

        public async ValueTask DisposeAsync()
        {
            if (_reader is not null)
            {
                await _reader.DisposeAsync();
            }

            await server.DisposeAsync();
        }
    }
}
