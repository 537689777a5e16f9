using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>
/// The SQLite storage's group commits on the <c>RallyLive.Persistence</c> meter: every write is in exactly one commit's
/// size, and a commit that fails is recorded as failed. Each test names its storage uniquely and reads only its own.
/// </summary>
public sealed class SqliteStorageMetricsTests : IDisposable
{
    private readonly TemporaryDataFile _file = new();
    private readonly string _storageName = "metrics-" + Guid.NewGuid().ToString("N");
    private readonly ConcurrentQueue<(string Instrument, double Value, string Outcome)> _measured = new();
    private readonly MeterListener _listener = new();

    public SqliteStorageMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "RallyLive.Persistence")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _file.Dispose();
    }

    [Fact]
    public async Task ConcurrentWrites_AreEachCountedInExactlyOneCommit_AndEveryCommitHasADuration()
    {
        await using var storage = await OpenAsync(TimeSpan.FromSeconds(5));

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            storage.WriteStateAsync("tally", GrainId.Create("poll", $"p{i}"), new TestState<StorageProviderTests.Tally> { State = new() { Votes = i } })));

        var sizes = _measured.Where(m => m.Instrument == "rallylive.storage.commit.writes").ToList();
        var durations = _measured.Where(m => m.Instrument == "rallylive.storage.commit.duration").ToList();
        Assert.Equal(50, sizes.Sum(m => m.Value));
        Assert.Equal(sizes.Count, durations.Count);
        Assert.All(sizes, m => Assert.Equal("committed", m.Outcome));
        Assert.All(durations, m => Assert.True(m.Value >= 0));
    }

    [Fact]
    public async Task ACommitThatFails_IsRecordedAsFailed()
    {
        await using var storage = await OpenAsync(TimeSpan.FromMilliseconds(100));
        await using var locker = new SqliteConnection($"Data Source={_file.Path};Pooling=False");
        await locker.OpenAsync();
        await using var hold = locker.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();

        await Assert.ThrowsAsync<SqliteGrainStorageException>(() =>
            storage.WriteStateAsync("tally", GrainId.Create("poll", "locked"), new TestState<StorageProviderTests.Tally>()));

        var failed = Assert.Single(_measured, m => m.Instrument == "rallylive.storage.commit.writes");
        Assert.Equal(("failed", 1.0), (failed.Outcome, failed.Value));
    }

    private async Task<SqliteGrainStorage> OpenAsync(TimeSpan busyTimeout)
    {
        var storage = new SqliteGrainStorage(_storageName, new SqliteGrainStorageOptions { DataSource = _file.Path, BusyTimeout = busyTimeout },
            NullLogger<SqliteGrainStorage>.Instance);
        await storage.OpenAsync();
        return storage;
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        string? storage = null, outcome = null;
        foreach (var (key, tag) in tags)
        {
            storage = key == "storage" ? tag as string : storage;
            outcome = key == "outcome" ? tag as string : outcome;
        }

        if (storage == _storageName)
        {
            _measured.Enqueue((instrument.Name, value, outcome ?? string.Empty));
        }
    }
}
