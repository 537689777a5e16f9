using Microsoft.Data.Sqlite;

namespace RallyLive.Server.Tests;

/// <summary>A folder of a test's own for a server process's data file and token keys, deleted with everything in it afterwards.</summary>
public sealed class ServerFolder(string prefix) : IDisposable
{
    private readonly string _path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string DataFile => Path.Combine(_path, "rallylive.db");

    public string Keys => Path.Combine(_path, "keys");

    /// <summary>
    /// Starts a server process over this folder's data file and keys (again, after a kill, to read what survived); with
    /// <paramref name="openFiles"/>, a process that may open only that many files.
    /// </summary>
    public Task<ServerProcess> StartServerAsync(int? openFiles = null) => ServerProcess.StartAsync(DataFile, Keys, openFiles: openFiles);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_path, recursive: true);
    }
}
