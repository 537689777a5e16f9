using Microsoft.Data.Sqlite;

namespace RallyLive.Persistence.Tests;

/// <summary>A SQLite file in its own temporary folder, deleted (with its -wal and -shm) at the end.</summary>
public sealed class TestFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rallylive-persistence-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "rallylive.db");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}

/// <summary>A grain state as a storage provider sees it, starting from a new <typeparamref name="T"/> (Orleans' GrainState allows null).</summary>
public sealed class TestState<T> : Orleans.IGrainState<T>
    where T : new()
{
    public T State { get; set; } = new();

    T? Orleans.IGrainState<T>.State
    {
        get => State;
        set => State = value ?? new T();
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}
