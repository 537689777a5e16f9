using Microsoft.Extensions.Options;

namespace RallyLive.Persistence.Sqlite;

/// <summary>Options of <see cref="SqliteGrainStorage"/>, one set per storage name (bindable from configuration).</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The database file. Created with its folder when missing, readable by its owner only (0600 on Unix).</summary>
    public string DataSource { get; set; } = "rallylive.db";

    /// <summary>How long an operation waits for a lock held by another process before it fails.</summary>
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most writes committed together in one transaction (one fsync).</summary>
    public int MaxWritesPerCommit { get; set; } = 512;
}

/// <summary>Rejects options the storage cannot run with, naming the storage, when they are first read (or at start).</summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DataSource))
        {
            failures.Add($"Grain storage '{name}': DataSource must name a file.");
        }
        else if (options.DataSource.Trim() == ":memory:" || options.DataSource.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"Grain storage '{name}': DataSource must be a file path, not '{options.DataSource}'.");
        }

        if (options.BusyTimeout < TimeSpan.FromMilliseconds(1) || options.BusyTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"Grain storage '{name}': BusyTimeout must be between 1 ms and 10 minutes, not {options.BusyTimeout}.");
        }

        if (options.MaxWritesPerCommit is < 1 or > 100_000)
        {
            failures.Add($"Grain storage '{name}': MaxWritesPerCommit must be between 1 and 100000, not {options.MaxWritesPerCommit}.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
