using Microsoft.Data.Sqlite;
using Orleans.Storage;

namespace RallyLive.Persistence.Tests;

/// <summary>State and records through grains on the shared SQLite silo.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GrainPersistenceTests(ClusterFixture fixture)
{
    [Fact]
    public async Task Records_AreWrittenRemovedAndRead_InKeyOrder()
    {
        var book = fixture.Grains.GetGrain<IGuestbookGrain>(ClusterFixture.NewKey());
        foreach (var text in new[] { "Luna opens", "Kira speaks", "Orion demos", "Luna closes" })
        {
            await book.Sign(text);
        }

        await book.Erase(2);

        Assert.Equal(["Orion demos", "Luna closes"], await book.Latest(2));
        Assert.Equal(["Luna opens", "Orion demos", "Luna closes"], await book.Latest(10));
        Assert.Equal(["Orion demos"], await book.Page(afterNumber: 1, limit: 1));
        Assert.Empty(await book.Latest(0));
    }

    [Fact]
    public async Task Records_InAStorageThatCannotKeepThem_FailToActivate_NamingGrainCollectionAndStorage()
    {
        var key = ClusterFixture.NewKey();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => fixture.Grains.GetGrain<IMisplacedRecordsGrain>(key).Ping());

        // Orleans reports the failed activation and carries the mapper's exception inside.
        var cause = failure.ToString();
        Assert.Contains($"Grain misplacedrecords/{key} keeps collection 'notes' in grain storage '{ClusterFixture.PlainStorage}'", cause, StringComparison.Ordinal);
        Assert.Contains("cannot keep records", cause, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileOfThePreviousVersion_IsReadUnchanged()
    {
        // Rows as the stand-in runtime wrote them: its grain type names, string keys and web-default JSON.
        var key = ClusterFixture.NewKey();
        await using (var connection = new SqliteConnection($"Data Source={fixture.DataSource};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO grain_state VALUES ('counter', $key, 'counter', 4, CAST('{"value":12}' AS BLOB), '2026-11-30T10:00:00.0000000+00:00');
                INSERT INTO grain_record VALUES ('guestbook', $key, 'entries', '00000001', CAST('{"text":"Luna opens"}' AS BLOB), '2026-11-30T10:00:00.0000000+00:00');
                INSERT INTO grain_record VALUES ('guestbook', $key, 'entries', '00000002', CAST('{"text":"Kira speaks"}' AS BLOB), '2026-11-30T10:00:01.0000000+00:00');
                """;
            insert.Parameters.AddWithValue("$key", key);
            await insert.ExecuteNonQueryAsync();
        }

        var counter = fixture.Grains.GetGrain<ICounterGrain>(key);
        var book = fixture.Grains.GetGrain<IGuestbookGrain>(key);

        Assert.Equal(12, await counter.Get());
        Assert.Equal(13, await counter.Add(1));
        Assert.Equal(["Luna opens", "Kira speaks"], await book.Latest(10));
        Assert.Equal(3, await book.Sign("Orion demos"));
        Assert.Equal("{\"value\":13}", await StoredPayloadAsync("counter", key));
    }

    [Fact]
    public async Task StaleWrite_FromAnActivationThatMissedAWrite_IsRejected_AndTheNextActivationTakesTheStoredState()
    {
        var key = ClusterFixture.NewKey();
        var counter = fixture.Grains.GetGrain<ICounterGrain>(key);
        await counter.Add(1);
        await using (var connection = new SqliteConnection($"Data Source={fixture.DataSource};Pooling=False"))
        {
            // Another silo (another process) over the same file stores version 2 behind this activation's back.
            await connection.OpenAsync();
            await using var update = connection.CreateCommand();
            update.CommandText = "UPDATE grain_state SET version = 2, payload = CAST('{\"value\":11}' AS BLOB) WHERE grain_type = 'counter' AND grain_key = $key;";
            update.Parameters.AddWithValue("$key", key);
            Assert.Equal(1, await update.ExecuteNonQueryAsync());
        }

        var conflict = await Assert.ThrowsAsync<InconsistentStateException>(() => counter.Add(100));

        Assert.Equal(("2", "1"), (conflict.StoredEtag, conflict.CurrentEtag));
        Assert.Equal(11, await counter.Get());
        Assert.Equal(12, await counter.Add(1));
    }

    private async Task<string> StoredPayloadAsync(string grainType, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={fixture.DataSource};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var select = connection.CreateCommand();
        select.CommandText = "SELECT CAST(payload AS TEXT) FROM grain_state WHERE grain_type = $type AND grain_key = $key;";
        select.Parameters.AddWithValue("$type", grainType);
        select.Parameters.AddWithValue("$key", key);
        return (string)(await select.ExecuteScalarAsync())!;
    }
}
