namespace RallyLive.Grains.Runtime.Storage.Sqlite;

/// <summary>Options of <see cref="SqliteGrainStorage"/>.</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The database file. Created with its folder when missing.</summary>
    public string DataSource { get; set; } = "rallylive.db";

    /// <summary>How long an operation waits for a lock held by another process before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most writes committed together in one transaction (one fsync).</summary>
    public int MaxWritesPerCommit { get; set; } = 512;
}
