using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Storage;
using RallyLive.Persistence.Hosting;
using RallyLive.Persistence.Records;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>Silos of their own over one file: the storage contract across silos, a locked or damaged file at start.</summary>
public sealed class SiloLifecycleTests : SiloStorageContract, IDisposable
{
    private readonly TemporaryDataFile _file = new();

    public void Dispose() => _file.Dispose();

    protected override Task<InProcessTestCluster> StartSiloAsync() => ClusterFixture.StartAsync(_file.Path);

    protected override void AssertConflict(InconsistentStateException conflict) =>
        Assert.Equal(("2", "1"), (conflict.StoredEtag, conflict.CurrentEtag));

    [Fact]
    public async Task Writes_WhileAnotherProcessHoldsTheLock_FailNamingGrainAndFile_ThenSucceedOnceReleased()
    {
        var key = ClusterFixture.NewKey();
        await using var cluster = await ClusterFixture.StartAsync(_file.Path, options => options.BusyTimeout = TimeSpan.FromMilliseconds(200));
        var counter = cluster.Client.GetGrain<ICounterGrain>(key);
        await counter.Add(1);
        var book = cluster.Client.GetGrain<IGuestbookGrain>(key);
        await book.Sign("Luna opens");
        var locked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var locker = ChildProcess.Start(line => { if (line == "locked") { locked.TrySetResult(); } }, "hold-lock", _file.Path);
        await locker.WaitAsync(locked.Task, TimeSpan.FromSeconds(60));

        var failure = await Assert.ThrowsAsync<OrleansException>(() => counter.Add(1));
        var recordFailure = await Assert.ThrowsAsync<RecordStorageException>(() => book.Sign("Kira speaks"));
        await locker.WriteLineAsync("release");
        await locker.ExitAsync();

        Assert.Contains($"counter/{key}", failure.Message, StringComparison.Ordinal);
        Assert.Contains(_file.Path, failure.Message, StringComparison.Ordinal);
        Assert.Equal((GrainId.Create("guestbook", key), "entries", "Default"), (recordFailure.GrainId, recordFailure.Collection, recordFailure.StorageName));
        Assert.Contains(_file.Path, recordFailure.Message, StringComparison.Ordinal);
        Assert.IsType<SqliteGrainStorageException>(recordFailure.InnerException);
        Assert.Equal(1, await counter.Get());
        Assert.Equal(2, await counter.Add(1));
        Assert.Equal(2, await book.Sign("Kira speaks"));
        Assert.Equal(["Luna opens", "Kira speaks"], await book.Latest(10));
    }

    [Fact]
    public async Task Silo_OverADamagedFile_FailsToStart_NamingTheFile()
    {
        await File.WriteAllTextAsync(_file.Path, string.Concat(Enumerable.Repeat("not a rally database ", 400)));

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ClusterFixture.StartAsync(_file.Path));

        Assert.Contains(_file.Path, failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Silo_WithInvalidStorageOptions_FailsToStart_NamingTheOption()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => ClusterFixture.StartAsync(_file.Path, options => options.MaxWritesPerCommit = 0));

        Assert.Contains("MaxWritesPerCommit", failure.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(_file.Path));
    }

    [Fact]
    public async Task Options_BoundFromConfiguration_PickTheFile()
    {
        var key = ClusterFixture.NewKey();
        await using var cluster = await ClusterFixture.StartAsync(silo => silo.AddSqliteGrainStorageAsDefault(options => options.BindConfiguration("Grains:Storage:Default")),
            configuration: new Dictionary<string, string?>
            {
                ["Grains:Storage:Default:DataSource"] = _file.Path,
                ["Grains:Storage:Default:BusyTimeout"] = "00:00:02",
                ["Grains:Storage:Default:MaxWritesPerCommit"] = "64",
            });

        await cluster.Client.GetGrain<ICounterGrain>(key).Add(5);

        var options = cluster.GetSiloServiceProvider().GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get("Default");
        Assert.Equal((TimeSpan.FromSeconds(2), 64), (options.BusyTimeout, options.MaxWritesPerCommit));
        await using var connection = new SqliteConnection($"Data Source={_file.Path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM grain_state WHERE grain_type = 'counter' AND grain_key = $key;";
        count.Parameters.AddWithValue("$key", key);
        Assert.Equal(1L, await count.ExecuteScalarAsync());
    }
}
