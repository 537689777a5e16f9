using Microsoft.Data.Sqlite;
using RallyLive.Grains.Runtime.Hosting;
using RallyLive.Grains.Runtime.Storage;
using RallyLive.Grains.Runtime.Tests.Grains;
using RallyLive.Grains.TestingHost;

namespace RallyLive.Grains.Runtime.Tests;

/// <summary>Persistent state through grains: durability across hosts, ETag conflicts, failing and locked storage.</summary>
public sealed class StorageTests
{
    private readonly GrainProbe _probe = new();

    [Fact]
    public async Task WrittenState_IsReadByANewHostOverTheSameSqliteFile()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.Storage = TestStorage.Sqlite);
        var key = ClusterFixture.NewKey();
        await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Add(3);
        await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Add(4);

        await cluster.RestartAsync();

        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        Assert.Equal(7, await grain.Get());
        Assert.True(await grain.RecordExists());
    }

    [Fact]
    public async Task ClearedState_StartsAfreshAfterARestart()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.Storage = TestStorage.Sqlite);
        var key = ClusterFixture.NewKey();
        await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Add(9);

        await cluster.GrainFactory.GetGrain<ICounterGrain>(key).Clear();
        await cluster.RestartAsync();

        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        Assert.Equal(0, await grain.Get());
        Assert.False(await grain.RecordExists());
        Assert.Equal(1, await grain.Add(1));
    }

    [Fact]
    public async Task PersistentRecords_AreReadByANewHost_InKeyOrder()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.Storage = TestStorage.Sqlite);
        var key = ClusterFixture.NewKey();
        var book = cluster.GrainFactory.GetGrain<IGuestbookGrain>(key);
        foreach (var text in new[] { "Luna opens", "Kira speaks", "Orion demos", "Luna closes" })
        {
            await book.Sign(text);
        }

        await book.Erase(2);
        await cluster.RestartAsync();
        var reopened = cluster.GrainFactory.GetGrain<IGuestbookGrain>(key);

        Assert.Equal(["Orion demos", "Luna closes"], await reopened.Latest(2));
        Assert.Equal(["Luna opens", "Orion demos", "Luna closes"], await reopened.Latest(10));
        Assert.Equal(5, await reopened.Sign("the crowd disperses"));
    }

    [Fact]
    public async Task StaleWrite_FromASecondHost_IsRejectedAndTheGrainTakesTheStoredState()
    {
        await using var first = await ClusterFixture.StartOwnClusterAsync(_probe, o => o.Storage = TestStorage.Sqlite);
        await using var second = await ClusterFixture.StartOwnClusterAsync(_probe, o =>
        {
            o.Storage = TestStorage.Sqlite;
            o.SqliteFile = first.SqliteFile;
        });
        var key = ClusterFixture.NewKey();
        await first.GrainFactory.GetGrain<ICounterGrain>(key).Add(1);
        await second.GrainFactory.GetGrain<ICounterGrain>(key).Add(10);

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => first.GrainFactory.GetGrain<ICounterGrain>(key).Add(100).AsTask());

        Assert.Equal("2", conflict.StoredEtag);
        Assert.Equal("1", conflict.CurrentEtag);
        Assert.Equal(11, await first.GrainFactory.GetGrain<ICounterGrain>(key).Get());
    }

    [Fact]
    public async Task FailedWrite_ReachesTheCallerNamingTheGrain_AndLeavesTheStateUnchanged()
    {
        var failing = new FailingGrainStorage(new MemoryGrainStorage(new JsonGrainStorageSerializer()));
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o =>
            o.ConfigureSilo = silo => silo.AddGrainStorage(GrainStorageNames.Default, _ => failing));
        var key = ClusterFixture.NewKey();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        await grain.Add(2);

        failing.FailWrites = true;
        var failure = await Assert.ThrowsAsync<GrainStorageException>(() => grain.Add(5).AsTask());
        failing.FailWrites = false;

        Assert.Contains("counter/" + key, failure.Message, StringComparison.Ordinal);
        Assert.Equal(2, await grain.Get());
        Assert.Equal(3, await grain.Add(1));
    }

    [Fact]
    public async Task Write_WhileAnotherProcessLocksTheFile_FailsNamingTheGrain_ThenSucceedsOnceReleased()
    {
        await using var cluster = await ClusterFixture.StartOwnClusterAsync(_probe, o =>
        {
            o.Storage = TestStorage.Sqlite;
            o.SqliteBusyTimeout = TimeSpan.FromMilliseconds(200);
        });
        var key = ClusterFixture.NewKey();
        var grain = cluster.GrainFactory.GetGrain<ICounterGrain>(key);
        await grain.Add(1);

        GrainStorageException failure;
        await using (var locker = new SqliteConnection($"Data Source={cluster.SqliteFile};Pooling=False"))
        {
            await locker.OpenAsync();
            await using var hold = locker.CreateCommand();
            hold.CommandText = "BEGIN IMMEDIATE;";
            await hold.ExecuteNonQueryAsync();
            failure = await Assert.ThrowsAsync<GrainStorageException>(() => grain.Add(1).AsTask());
            hold.CommandText = "ROLLBACK;";
            await hold.ExecuteNonQueryAsync();
        }

        Assert.Contains("counter/" + key, failure.Message, StringComparison.Ordinal);
        Assert.Equal(1, await grain.Get());
        Assert.Equal(2, await grain.Add(1));
    }

    [Fact]
    public async Task Host_OverACorruptSqliteFile_FailsToStartNamingTheFile()
    {
        var file = Path.Combine(Path.GetTempPath(), $"rallylive-corrupt-{Guid.NewGuid():N}.db");
        await File.WriteAllTextAsync(file, string.Concat(Enumerable.Repeat("not a rally database ", 400)));
        try
        {
            var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
                ClusterFixture.StartOwnClusterAsync(_probe, o =>
                {
                    o.Storage = TestStorage.Sqlite;
                    o.SqliteFile = file;
                }));

            Assert.Contains(file, failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>Wraps a storage and fails its writes on demand, the way a full disk would.</summary>
    private sealed class FailingGrainStorage(IGrainStorage inner) : IGrainStorage
    {
        public volatile bool FailWrites;

        public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ReadStateAsync(stateName, grainId, grainState);

        public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            FailWrites ? Task.FromException(new IOException("No space left on device.")) : inner.WriteStateAsync(stateName, grainId, grainState);

        public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
            inner.ClearStateAsync(stateName, grainId, grainState);
    }
}
