using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Storage;
using RallyLive.Persistence.Memory;
using RallyLive.Persistence.Records;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>The contract each of our grain storages keeps (SQLite, and the in-memory one for tests), called directly.</summary>
public sealed class StorageProviderTests : IAsyncLifetime
{
    private readonly TemporaryDataFile _file = new();
    private readonly GrainId _grain = GrainId.Create("poll", Guid.NewGuid().ToString("N"));
    private readonly List<SqliteGrainStorage> _opened = [];

    public static TheoryData<string> Providers => ["memory", "sqlite"];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var storage in _opened)
        {
            await storage.DisposeAsync();
        }

        _file.Dispose();
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Read_OfAStateNeverWritten_FindsNoRecord(string provider)
    {
        var storage = await CreateAsync(provider);
        var state = new TestState<Tally> { State = new Tally { Votes = 99 } };

        await storage.ReadStateAsync("tally", _grain, state);

        Assert.False(state.RecordExists);
        Assert.Null(state.ETag);
        Assert.Equal(0, state.State.Votes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_ThenRead_ReturnsTheStateAndItsNewEtag(string provider)
    {
        var storage = await CreateAsync(provider);
        var written = new TestState<Tally> { State = new Tally { Votes = 3, Option = "co-ops" } };

        await storage.WriteStateAsync("tally", _grain, written);
        var read = new TestState<Tally>();
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
        var storage = await CreateAsync(provider);
        var stale = new TestState<Tally> { State = new Tally { Votes = 1 } };
        await storage.WriteStateAsync("tally", _grain, stale);
        var fresh = new TestState<Tally>();
        await storage.ReadStateAsync("tally", _grain, fresh);
        fresh.State.Votes = 2;
        await storage.WriteStateAsync("tally", _grain, fresh);

        stale.State.Votes = 50;
        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tally", _grain, stale));
        var stored = new TestState<Tally>();
        await storage.ReadStateAsync("tally", _grain, stored);

        Assert.Equal(("2", "1"), (conflict.StoredEtag, conflict.CurrentEtag));
        Assert.Contains(_grain.ToString(), conflict.Message, StringComparison.Ordinal);
        Assert.Equal("1", stale.ETag);
        Assert.Equal(2, stored.State.Votes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Write_WithoutAnEtag_WhenARecordExists_IsRejected(string provider)
    {
        var storage = await CreateAsync(provider);
        await storage.WriteStateAsync("tally", _grain, new TestState<Tally> { State = new Tally { Votes = 1 } });

        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("tally", _grain, new TestState<Tally>()));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Clear_RemovesTheRecord_AndAWriteAfterItSucceeds(string provider)
    {
        var storage = await CreateAsync(provider);
        var state = new TestState<Tally> { State = new Tally { Votes = 7 } };
        await storage.WriteStateAsync("tally", _grain, state);

        await storage.ClearStateAsync("tally", _grain, state);
        var afterClear = new TestState<Tally>();
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
        var storage = await CreateAsync(provider);
        var other = GrainId.Create("poll", _grain.Key + "-other");

        await storage.WriteStateAsync("tally", _grain, new TestState<Tally> { State = new Tally { Votes = 1 } });
        await storage.WriteStateAsync("audit", _grain, new TestState<Tally> { State = new Tally { Votes = 2 } });
        await storage.WriteStateAsync("tally", other, new TestState<Tally> { State = new Tally { Votes = 3 } });
        var read = new TestState<Tally>();
        await storage.ReadStateAsync("tally", _grain, read);

        Assert.Equal(1, read.State.Votes);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Records_AreReadInKeyOrder_ByRangeAndFromTheEnd(string provider)
    {
        var storage = (IGrainRecordStorage)await CreateAsync(provider);
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
        Assert.Empty(await storage.ReadRecordsAsync(GrainId.Create("poll", "other"), "chat", null, 10));
    }

    [Fact]
    public async Task ConcurrentWrites_ToManyGrains_AreAllStored_AndReadByANewStorageOverTheFile()
    {
        var storage = await CreateAsync("sqlite");
        var grains = Enumerable.Range(0, 200).Select(i => GrainId.Create("poll", $"{_grain.Key}-{i}")).ToList();

        await Task.WhenAll(grains.Select(id => storage.WriteStateAsync("tally", id, new TestState<Tally> { State = new Tally { Votes = id.Key.ToString()!.Length } })));
        await ((SqliteGrainStorage)storage).DisposeAsync();
        var reopened = await OpenSqliteAsync(new SqliteGrainStorageOptions { DataSource = _file.Path });
        var reads = await Task.WhenAll(grains.Select(async id =>
        {
            var state = new TestState<Tally>();
            await reopened.ReadStateAsync("tally", id, state);
            return (id, state);
        }));

        Assert.All(reads, read => Assert.Equal(read.id.Key.ToString()!.Length, read.state.State.Votes));
    }

    [Fact]
    public async Task WritesQueuedWhenTheStorageIsDisposed_AreCommittedFirst()
    {
        var storage = await OpenSqliteAsync(new SqliteGrainStorageOptions { DataSource = _file.Path, MaxWritesPerCommit = 1 });
        var writes = Enumerable.Range(0, 50).Select(i => storage.WriteRecordAsync(_grain, "chat", $"{i:D3}", [(byte)i])).ToList();

        await storage.DisposeAsync();
        await Task.WhenAll(writes);
        var reopened = await OpenSqliteAsync(new SqliteGrainStorageOptions { DataSource = _file.Path });

        Assert.Equal(50, (await reopened.ReadRecordsAsync(_grain, "chat", null, 100)).Count);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => storage.WriteRecordAsync(_grain, "chat", "late", [1]));
    }

    private async Task<IGrainStorage> CreateAsync(string provider) => provider switch
    {
        "memory" => new MemoryGrainStorageWithRecords("test", Options.Create(new ClusterOptions { ServiceId = Guid.NewGuid().ToString("N") })),
        _ => await OpenSqliteAsync(new SqliteGrainStorageOptions { DataSource = _file.Path }),
    };

    private async Task<SqliteGrainStorage> OpenSqliteAsync(SqliteGrainStorageOptions options)
    {
        var storage = new SqliteGrainStorage("test", options, NullLogger<SqliteGrainStorage>.Instance);
        _opened.Add(storage);
        await storage.OpenAsync();
        return storage;
    }

    public sealed class Tally
    {
        public int Votes { get; set; }

        public string? Option { get; set; }
    }
}
