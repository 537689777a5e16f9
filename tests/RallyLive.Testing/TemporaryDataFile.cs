using Microsoft.Data.Sqlite;

namespace RallyLive.Testing;

/// <summary>A SQLite data file in a temporary folder of its own, deleted with its -wal and -shm at the end.</summary>
public sealed class TemporaryDataFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rallylive-test-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "rallylive.db");

    public void Dispose()
    {
        // Disposing twice (a factory and the fixture holding it) is harmless.
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
