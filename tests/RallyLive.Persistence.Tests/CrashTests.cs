using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>
/// Acknowledged means durable, across a real crash: a silo in a child process is killed (SIGKILL) while its grains
/// write states and records as fast as they can, and the file it leaves holds every write that was acknowledged.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Grains = 32;

    /// <summary>Acknowledged writes before the kill: enough that many more are queued or committing when it lands.</summary>
    private const int AcknowledgedBeforeKill = 3000;

    private readonly TemporaryDataFile _file = new();

    public static TheoryData<int> Repetitions => [1, 2, 3];

    public void Dispose() => _file.Dispose();

    [Theory]
    [MemberData(nameof(Repetitions))]
    public async Task EveryAcknowledgedWrite_SurvivesAKillOfTheSiloMidBurst(int repetition)
    {
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

        await using (var silo = ChildProcess.Start(OnLine, "burst", _file.Path, FreePort().ToString(CultureInfo.InvariantCulture),
            FreePort().ToString(CultureInfo.InvariantCulture), Grains.ToString(CultureInfo.InvariantCulture)))
        {
            await silo.WaitAsync(ready.Task, TimeSpan.FromSeconds(120));
            await silo.WaitAsync(killNow.Task, TimeSpan.FromSeconds(120));
            await silo.KillAsync();
        }

        Assert.True(File.Exists(_file.Path + "-wal"), "A killed silo leaves its WAL behind; without one this was no crash.");
        SqliteConnection.ClearAllPools();
        Assert.Equal("ok", await IntegrityCheckAsync());
        await using var storage = new SqliteGrainStorage($"after-crash-{repetition}", new SqliteGrainStorageOptions { DataSource = _file.Path },
            NullLogger<SqliteGrainStorage>.Instance);
        await storage.OpenAsync();
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
            var stored = (await storage.ReadRecordsAsync(GrainId.Create("guestbook", $"crash-{grain}"), "entries", null, int.MaxValue))
                .Select(r => int.Parse(r.Key, CultureInfo.InvariantCulture)).ToHashSet();
            Assert.Empty(numbers.Except(stored));
        }
    }

    private async Task<string> IntegrityCheckAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
