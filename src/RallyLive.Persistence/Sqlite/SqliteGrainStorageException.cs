namespace RallyLive.Persistence.Sqlite;

/// <summary>
/// The SQLite file could not be opened, read or written: locked by another process past the busy timeout, corrupt,
/// or on a failing disk. The message names the file. A plain exception on purpose: Orleans wraps it in an
/// <see cref="OrleansException"/> naming the grain and the storage. Serializable, so that the failure reaches a
/// caller in another process intact (its inner <c>SqliteException</c> is one Orleans serializes by namespace).
/// </summary>
[GenerateSerializer, Alias("rallylive.sqlite-grain-storage-exception")]
public sealed class SqliteGrainStorageException : Exception
{
    public SqliteGrainStorageException()
    {
    }

    public SqliteGrainStorageException(string message)
        : base(message)
    {
    }

    public SqliteGrainStorageException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
