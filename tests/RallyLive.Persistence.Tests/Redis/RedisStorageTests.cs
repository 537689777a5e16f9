using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RallyLive.Persistence.Records;
using RallyLive.Persistence.Redis;
using RallyLive.Persistence.Redis.Hosting;
using RallyLive.Persistence.Sqlite;
using StackExchange.Redis;

namespace RallyLive.Persistence.Tests.Redis;

/// <summary>
/// The Redis storage through silos over one shared redis-server: the storage contract across silos, records paged
/// as SQLite pages them, keys kept apart, what is stored where, and a start that cannot reach Redis. Each test
/// keeps to a key prefix of its own.
/// </summary>
public sealed class RedisStorageTests(RedisFixture redis) : SiloStorageContract, IClassFixture<RedisFixture>
{
    private readonly string _keyPrefix = RedisFixture.NewKeyPrefix();

    protected override Task<InProcessTestCluster> StartSiloAsync() => RedisFixture.StartSiloAsync(redis.Server.ConnectionString, _keyPrefix);

    [Fact]
    public async Task Records_ArePagedExactlyAsTheSqliteStoragePagesThem()
    {
        string[] keys = ["010", "001", "1", "01", "0", "A", "a", "B", "b", "e", "é", "z", "~", " ", "(x", "[y", "-", "+", "\uFB01", "😀"];
        string?[] afterKeys = [null, "", .. keys, "0x", "never", "\uFFFF", "😀😀"];
        int[] limits = [0, 1, 2, 5, keys.Length, int.MaxValue];
        await using var cluster = await StartSiloAsync();
        using var file = new TemporaryDataFile();
        await using var sqlite = new SqliteGrainStorage("sqlite", new SqliteGrainStorageOptions { DataSource = file.Path }, NullLogger<SqliteGrainStorage>.Instance);
        await sqlite.OpenAsync();
        var grain = GrainId.Create("poll", ClusterFixture.NewKey());
        IGrainRecordStorage[] storages = [sqlite, RedisFixture.Storage(cluster)];
        foreach (var storage in storages)
        {
            foreach (var key in keys)
            {
                await storage.WriteRecordAsync(grain, "chat", key, Encoding.UTF8.GetBytes($"first {key}"));
            }

            await storage.WriteRecordAsync(grain, "chat", "b", null);
            await storage.WriteRecordAsync(grain, "chat", "never", null);
            await storage.WriteRecordAsync(grain, "chat", "A", "second A"u8.ToArray());
        }

        foreach (var limit in limits)
        {
            foreach (var afterKey in afterKeys)
            {
                var pages = await Task.WhenAll(storages.Select(s => s.ReadRecordsAsync(grain, "chat", afterKey, limit)));
                Assert.True(Show(pages[0]) == Show(pages[1]), $"After '{afterKey}', limit {limit}: SQLite {Show(pages[0])}, Redis {Show(pages[1])}");
            }

            var lasts = await Task.WhenAll(storages.Select(s => s.ReadLastRecordsAsync(grain, "chat", limit)));
            Assert.True(Show(lasts[0]) == Show(lasts[1]), $"Last {limit}: SQLite {Show(lasts[0])}, Redis {Show(lasts[1])}");
        }

        var all = await storages[1].ReadRecordsAsync(grain, "chat", null, int.MaxValue);
        Assert.Equal(keys.Length - 1, all.Count);
        Assert.Equal("second A", Encoding.UTF8.GetString(all.Single(r => r.Key == "A").Value));

        // Both order by UTF-8 bytes (code points), where .NET's ordinal order (UTF-16) puts the emoji first.
        Assert.Equal(["\uFB01", "😀"], (await storages[1].ReadLastRecordsAsync(grain, "chat", 2)).Select(r => r.Key));
    }

    [Fact]
    public async Task Records_OfGrainsAndCollectionsWhoseNamesRunTogether_AreKeptApart()
    {
        await using var cluster = await StartSiloAsync();
        var storage = RedisFixture.Storage(cluster);
        var key = ClusterFixture.NewKey();
        (GrainId Grain, string Collection)[] collections =
        [
            (GrainId.Create("poll", $"{key}/1"), "votes"),
            (GrainId.Create("poll", key), "1/votes"),
            (GrainId.Create("poll", key), "1%2Fvotes"),
            (GrainId.Create("poll", key), "{1}/votes"),
            (GrainId.Create("poll/" + key, "1"), "votes"),
        ];

        for (var i = 0; i < collections.Length; i++)
        {
            await storage.WriteRecordAsync(collections[i].Grain, collections[i].Collection, "viewer", [(byte)i]);
        }

        for (var i = 0; i < collections.Length; i++)
        {
            var records = await storage.ReadRecordsAsync(collections[i].Grain, collections[i].Collection, null, 10);
            Assert.Equal((byte)i, Assert.Single(records).Value.Single());
        }
    }

    [Fact]
    public async Task StateAndRecords_UnderAnotherKeyPrefix_AreNotSeen()
    {
        var key = ClusterFixture.NewKey();
        await using var first = await StartSiloAsync();
        await using var other = await RedisFixture.StartSiloAsync(redis.Server.ConnectionString, RedisFixture.NewKeyPrefix());

        await first.Client.GetGrain<ICounterGrain>(key).Add(5);
        await first.Client.GetGrain<IGuestbookGrain>(key).Sign("Luna opens");

        Assert.Equal(0, await other.Client.GetGrain<ICounterGrain>(key).Get());
        Assert.Empty(await other.Client.GetGrain<IGuestbookGrain>(key).Latest(10));
    }

    [Fact]
    public async Task StateAndRecords_AreStoredAsWebJson_UnderTheDocumentedKeys()
    {
        var key = ClusterFixture.NewKey();
        await using var cluster = await StartSiloAsync();
        await cluster.Client.GetGrain<ICounterGrain>(key).Add(3);
        await cluster.Client.GetGrain<IGuestbookGrain>(key).Sign("Luna opens");
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        var database = connection.GetDatabase();

        var state = await database.HashGetAsync($"{_keyPrefix}{RedisFixture.ServiceId}/state/counter/{key}/counter", "data");
        var recordKeys = await database.SortedSetRangeByValueAsync($"{_keyPrefix}{RedisFixture.ServiceId}/records/Default/{{guestbook/{key}/entries}}/keys");
        var record = await database.HashGetAsync($"{_keyPrefix}{RedisFixture.ServiceId}/records/Default/{{guestbook/{key}/entries}}/values", "00000001");

        Assert.Equal("{\"value\":3}", (string?)state);
        Assert.Equal(["00000001"], recordKeys.Select(k => (string?)k));
        Assert.Equal("{\"text\":\"Luna opens\"}", (string?)record);
    }

    [Fact]
    public async Task Silo_WhenRedisCannotBeReached_FailsToStart_NamingTheAddress()
    {
        var nobody = LoopbackPort.Free();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => RedisFixture.StartSiloAsync($"127.0.0.1:{nobody}", _keyPrefix));

        Assert.Contains($"Grain storage 'Default' cannot reach Redis at 127.0.0.1:{nobody}", failure.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ConnectionString")]
    [InlineData("KeyPrefix")]
    [InlineData("OperationTimeout")]
    public async Task Silo_WithInvalidStorageOptions_FailsToStart_NamingTheOption(string option)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => RedisFixture.StartSiloAsync(redis.Server.ConnectionString, _keyPrefix, options =>
        {
            switch (option)
            {
                case "ConnectionString":
                    options.ConnectionString = " ";
                    break;
                case "KeyPrefix":
                    options.KeyPrefix = "{tenant}";
                    break;
                default:
                    options.OperationTimeout = TimeSpan.Zero;
                    break;
            }
        }));

        Assert.Contains($"Grain storage 'Default': {option} must", failure.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Options_BoundFromConfiguration_PickRedisAndTheKeyPrefix()
    {
        var key = ClusterFixture.NewKey();
        await using var cluster = await ClusterFixture.StartAsync(
            silo => silo.AddRedisGrainStorageWithRecordsAsDefault(options => options.BindConfiguration("Grains:Storage:Default")), RedisFixture.ServiceId,
            new Dictionary<string, string?>
            {
                ["Grains:Storage:Default:ConnectionString"] = redis.Server.ConnectionString,
                ["Grains:Storage:Default:KeyPrefix"] = _keyPrefix,
                ["Grains:Storage:Default:ConnectTimeout"] = "00:00:03",
                ["Grains:Storage:Default:OperationTimeout"] = "00:00:02",
            });

        await cluster.Client.GetGrain<ICounterGrain>(key).Add(5);

        var options = cluster.GetSiloServiceProvider().GetRequiredService<IOptionsMonitor<RedisGrainStorageOptions>>().Get("Default");
        Assert.Equal((TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2)), (options.ConnectTimeout, options.OperationTimeout));
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.ConnectionString);
        Assert.True(await connection.GetDatabase().KeyExistsAsync($"{_keyPrefix}{RedisFixture.ServiceId}/state/counter/{key}/counter"));
    }

    private static string Show(IReadOnlyList<KeyValuePair<string, byte[]>> records) =>
        string.Join(" | ", records.Select(r => $"{r.Key}={Encoding.UTF8.GetString(r.Value)}"));
}
