using Microsoft.Data.Sqlite;

namespace RallyLive.Server.Tests;

/// <summary>The files the server keeps: the SQLite data file and the keys that seal tokens.</summary>
public sealed class ServerFilesTests
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task DataFileAndTokenKeys_AreReadableAndWritableByTheirOwnerOnly()
    {
        await using var server = new ServerFactory();
        var api = new ApiClient(server.CreateClient());

        await api.CreateRallyAsync();

        var keys = Directory.GetFiles(server.KeyDirectory, "*.xml");
        Assert.NotEmpty(keys);
        Assert.All(keys, key => Assert.Equal(OwnerOnly, File.GetUnixFileMode(key)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(server.KeyDirectory));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(server.DataFile));
    }

    [Fact]
    public async Task Server_OverADataFileDamagedInTheMiddle_RefusesToStart_NamingTheFile()
    {
        await using var server = new ServerFactory();
        await WriteDamagedDatabaseAsync(server.DataFile);

        var failure = Assert.ThrowsAny<Exception>(() => server.CreateClient());

        Assert.Contains($"refuses the SQLite file '{server.DataFile}': it is damaged", failure.ToString(), StringComparison.Ordinal);
    }

    /// <summary>A database of a few hundred pages whose middle page is overwritten, as a bad sector or a torn copy leaves it.</summary>
    private static async Task WriteDamagedDatabaseAsync(string path)
    {
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE filler (id INTEGER PRIMARY KEY, payload BLOB); " +
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) INSERT INTO filler SELECT i, randomblob(3000) FROM n;";
            await command.ExecuteNonQueryAsync();
        }

        const int PageSize = 4096;
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        stream.Position = stream.Length / PageSize / 2 * PageSize;
        await stream.WriteAsync(Enumerable.Repeat((byte)0xFF, PageSize).ToArray());
    }
}
