using System.Net;
using Microsoft.Data.Sqlite;

namespace RallyLive.Server.Tests;

public sealed class HealthTests
{
    [Fact]
    public async Task Health_WhenAGrainCanStoreItsState_IsHealthy_AndTheStateIsInTheFile()
    {
        await using var server = new ServerFactory();
        using var client = server.CreateClient();

        using var first = await client.GetAsync(new Uri("/health", UriKind.Relative));
        using var second = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("Healthy", await second.Content.ReadAsStringAsync());
        Assert.Contains("\"checks\":2", await ReadStoredStateAsync(server.DataFile, "health", "server"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_WhenTheDataFileIsLockedByAnotherProcess_IsUnhealthy()
    {
        await using var server = new ServerFactory { BusyTimeout = TimeSpan.FromMilliseconds(200) };
        using var client = server.CreateClient();
        using var healthy = await client.GetAsync(new Uri("/health", UriKind.Relative));

        await using var locker = new SqliteConnection($"Data Source={server.DataFile};Pooling=False");
        await locker.OpenAsync();
        await using var hold = locker.CreateCommand();
        hold.CommandText = "BEGIN IMMEDIATE;";
        await hold.ExecuteNonQueryAsync();
        using var locked = await client.GetAsync(new Uri("/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, locked.StatusCode);
        Assert.Equal("Unhealthy", await locked.Content.ReadAsStringAsync());
    }

    private static async Task<string> ReadStoredStateAsync(string file, string grainType, string key)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(payload AS TEXT) FROM grain_state WHERE grain_type = $type AND grain_key = $key;";
        command.Parameters.AddWithValue("$type", grainType);
        command.Parameters.AddWithValue("$key", key);
        return (string)(await command.ExecuteScalarAsync())!;
    }
}
