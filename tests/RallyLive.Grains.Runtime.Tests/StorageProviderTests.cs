using RallyLive.Grains.Runtime.Storage;
using RallyLive.Grains.Runtime.Storage.Sqlite;

namespace RallyLive.Grains.Runtime.Tests;

/// <summary>The contract every grain storage provider keeps, checked on each of ours.</summary>
public sealed class StorageProviderTests : IAsyncLifetime
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"rallylive-provider-{Guid.NewGuid():N}.db");
    private readonly GrainId _grain = new("poll", Guid.NewGuid().ToString("N"));
    private SqliteGrainStorage? _sqlite;

    public static TheoryData<string> Providers => ["memory", "sqlite"];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_sqlite is not null)
        {
            await _sqlite.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        }

        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(_file + suffix);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Read_OfAStateNeverWritten_FindsNoRecord(string provider)
    {
        var storage = Create(provider);
        var state = new TestState { State = new Tally { Votes = 99 } };

        await storage.ReadStateAsync("tally", _grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Votes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_ThenRead_ReturnsTheStateAndItsNewEtag(string provider)
    {
        var storage = Create(provider);
        var written = new TestState { State = new Tally { Votes = 3, Option = "co-ops" } };

        await storage.WriteStateAsync("tally", _grain, written);
        var read = new TestState();
        await storage.ReadStateAsync("tally", _grain, read);

        Assert.Equal("1", written.ETag);
        Assert.True(read.RecordExists);
        Assert.Equal("1", read.ETag);
        Assert.Equal(3, read.State.Votes);
        Assert.Equal("co-ops", read.State.Option);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_WithAStaleEtag_IsRejectedAndChangesNothing(string provider)
    {
        var storage = Create(provider);
        var stale = new TestState { State = new Tally { Votes = 1 } };
        await storage.WriteStateAsync("tally", _grain, stale);
        var fresh = new TestState();
        await storage.ReadStateAsync("tally", _grain, fresh);
        fresh.State.Votes = 2;
        await storage.WriteStateAsync("tally", _grain, fresh);

        stale.State.Votes = 50;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tally", _grain, stale));
        var stored = new TestState();
        await storage.ReadStateAsync("tally", _grain, stored);

        Assert.Equal(("2", "1"), (conflict.StoredEtag, conflict.CurrentEtag));
        Assert.Equal("1", stale.ETag);
        Assert.Equal(2, stored.State.Votes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_WithoutAnEtag_WhenARecordExists_IsRejected(string provider)
    {
        var storage = Create(provider);
        await storage.WriteStateAsync("tally", _grain, new TestState { State = new Tally { Votes = 1 } });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tally", _grain, new TestState()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Clear_RemovesTheRecord_AndAWriteAfterItSucceeds(string provider)
    {
        var storage = Create(provider);
        var state = new TestState { State = new Tally { Votes = 7 } };
        await storage.WriteStateAsync("tally", _grain, state);

        await storage.ClearStateAsync("tally", _grain, state);
        var afterClear = new TestState();
        await storage.ReadStateAsync("tally", _grain, afterClear);
        afterClear.State.Votes = 1;
        await storage.WriteStateAsync("tally", _grain, afterClear);

        Assert.False(state.RecordExists);
        Assert.Equal(0, state.State.Votes);
        Assert.Equal("2", state.ETag);
        Assert.Equal("3", afterClear.ETag);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task States_OfDifferentNamesOrGrains_AreKeptApart(string provider)
    {
        var storage = Create(provider);
        var other = _grain with { Key = _grain.Key + "-other" };

        await storage.WriteStateAsync("tally", _grain, new TestState { State = new Tally { Votes = 1 } });
        await storage.WriteStateAsync("audit", _grain, new TestState { State = new Tally { Votes = 2 } });
        await storage.WriteStateAsync("tally", other, new TestState { State = new Tally { Votes = 3 } });
        var read = new TestState();
        await storage.ReadStateAsync("tally", _grain, read);

        Assert.Equal(1, read.State.Votes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Records_AreReadInKeyOrder_ByRangeAndFromTheEnd(string provider)
    {
        var storage = (IGrainRecordStorage)Create(provider);
        foreach (var key in new[] { "003", "001", "004", "002" })
        {
            await storage.WriteRecordAsync(_grain, "chat", key, [(byte)key[2]]);
        }

        await storage.WriteRecordAsync(_grain, "chat", "004", null);
        await storage.WriteRecordAsync(_grain, "chat", "001", [(byte)'x']);
        await storage.WriteRecordAsync(_grain, "votes", "viewer-1", [1]);

        var all = await storage.ReadRecordsAsync(_grain, "chat", afterKey: null, limit: 10);
        var page = await storage.ReadRecordsAsync(_grain, "chat", afterKey: "001", limit: 1);
        var last = await storage.ReadLastRecordsAsync(_grain, "chat", 2);

        Assert.Equal(["001", "002", "003"], all.Select(r => r.Key));
        Assert.Equal((byte)'x', all[0].Value[0]);
        Assert.Equal(["002"], page.Select(r => r.Key));
        Assert.Equal(["002", "003"], last.Select(r => r.Key));
        Assert.Empty(await storage.ReadRecordsAsync(_grain with { Key = "other" }, "chat", null, 10));
    }

    [Fact]
    public async Task RecordWrite_IsAcknowledgedOnlyOnceCommitted_SoAWriteThatCannotCommitFails()
    {
        await using var storage = new SqliteGrainStorage("test", new SqliteGrainStorageOptions { DataSource = _file, BusyTimeout = TimeSpan.FromMilliseconds(200) },
            new JsonGrainStorageSerializer());
        await using var locker = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_file};Pooling=False");
        await locker.OpenAsync();
        await using var hold = locker.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();

        var write = storage.WriteRecordAsync(_grain, "votes", "viewer-1", [1]);
        var failure = await Record.ExceptionAsync(() => write);
        hold.CommandText = "ROLLBACK;";
        await hold.ExecuteNonQueryAsync();

        Assert.IsType<Microsoft.Data.Sqlite.SqliteException>(failure);
        Assert.Empty(await storage.ReadRecordsAsync(_grain, "votes", afterKey: null, limit: 10));
    }

    [Fact]
    public async Task ConcurrentWrites_ToManyGrains_AreAllStored()
    {
        var storage = Create("sqlite");
        var grains = Enumerable.Range(0, 200).Select(i => new GrainId("poll", $"{_grain.Key}-{i}")).ToList();

        await Task.WhenAll(grains.Select(id => storage.WriteStateAsync("tally", id, new TestState { State = new Tally { Votes = id.Key.Length } })));
        await using var reopened = new SqliteGrainStorage("again", new SqliteGrainStorageOptions { DataSource = _file }, new JsonGrainStorageSerializer());
        var reads = await Task.WhenAll(grains.Select(async id =>
        {
            var state = new TestState();
            await reopened.ReadStateAsync("tally", id, state);
            return (id, state);
        }));

        Assert.All(reads, read => Assert.Equal(read.id.Key.Length, read.state.State.Votes));
    }

    private IGrainStorage Create(string provider) => provider switch
    {
        "memory" => new MemoryGrainStorage(new JsonGrainStorageSerializer()),
        _ => _sqlite = new SqliteGrainStorage("test", new SqliteGrainStorageOptions { DataSource = _file }, new JsonGrainStorageSerializer()),
    };

    public sealed class Tally
    {
        public int Votes { get; set; }

        public string? Option { get; set; }
    }

    private sealed class TestState : IGrainState<Tally>
    {
        public Tally State { get; set; } = new();

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
