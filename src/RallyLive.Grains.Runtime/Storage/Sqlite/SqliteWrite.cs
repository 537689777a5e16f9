using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RallyLive.Grains.Runtime.Storage.Sqlite;

/// <summary>
/// One queued change and the task its grain awaits, completed only after the transaction holding it has
/// committed. A change that is rejected on its own merits (an ETag mismatch) changes nothing and is failed
/// alone; a failed transaction fails every change in it.
/// </summary>
internal abstract class SqliteWrite<TResult>(GrainId grainId) : ISqliteWrite
{
    private readonly TaskCompletionSource<TResult> _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private TResult? _result;
    private Exception? _rejection;

    public GrainId GrainId { get; } = grainId;

    public Task<TResult> Committed => _committed.Task;

    public void Apply(SqliteCommands commands, string now)
    {
        try
        {
            _result = Execute(commands, now);
        }
        catch (InconsistentStateException rejection)
        {
            _rejection = rejection;
        }
    }

    public void Complete()
    {
        if (_rejection is null)
        {
            _committed.TrySetResult(_result!);
        }
        else
        {
            _committed.TrySetException(_rejection);
        }
    }

    public void Fail(Exception exception) => _committed.TrySetException(exception);

    protected abstract TResult Execute(SqliteCommands commands, string now);
}

/// <summary>What the writer needs of any queued change.</summary>
internal interface ISqliteWrite
{
    void Apply(SqliteCommands commands, string now);

    void Complete();

    void Fail(Exception exception);
}

/// <summary>Writes (or, with a null payload, clears) a grain state if the held ETag matches; the result is the new version.</summary>
internal sealed class StateWrite(string stateName, GrainId grainId, string? heldEtag, byte[]? payload) : SqliteWrite<long?>(grainId)
{
    protected override long? Execute(SqliteCommands commands, string now)
    {
        var expected = StoredVersion.FromEtag(heldEtag);
        var stored = commands.StateVersion(GrainId, stateName);
        if (stored != expected)
        {
            throw StoredVersion.Conflict(stateName, GrainId, stored, heldEtag);
        }

        if (stored is null && payload is null)
        {
            // Clearing a state that was never stored changes nothing.
            return null;
        }

        var version = (stored ?? 0) + 1;
        commands.PutState(GrainId, stateName, version, payload, now);
        return version;
    }
}

/// <summary>Stores or, with a null payload, removes one record of a grain's collection.</summary>
internal sealed class RecordWrite(string collection, GrainId grainId, string key, byte[]? payload) : SqliteWrite<bool>(grainId)
{
    protected override bool Execute(SqliteCommands commands, string now)
    {
        commands.PutRecord(GrainId, collection, key, payload, now);
        return true;
    }
}

/// <summary>The writer connection's prepared statements.</summary>
internal sealed class SqliteCommands(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _stateVersion = Prepare(connection,
        "SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name;", "$type", "$key", "$name");

    private readonly SqliteCommand _putState = Prepare(connection, """
        INSERT INTO grain_state (grain_type, grain_key, state_name, version, payload, updated_at)
        VALUES ($type, $key, $name, $version, $payload, $now)
        ON CONFLICT DO UPDATE SET version = excluded.version, payload = excluded.payload, updated_at = excluded.updated_at;
        """, "$type", "$key", "$name", "$version", "$payload", "$now");

    private readonly SqliteCommand _putRecord = Prepare(connection, """
        INSERT INTO grain_record (grain_type, grain_key, collection, record_key, payload, updated_at)
        VALUES ($type, $key, $collection, $record, $payload, $now)
        ON CONFLICT DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at;
        """, "$type", "$key", "$collection", "$record", "$payload", "$now");

    private readonly SqliteCommand _removeRecord = Prepare(connection,
        "DELETE FROM grain_record WHERE grain_type = $type AND grain_key = $key AND collection = $collection AND record_key = $record;",
        "$type", "$key", "$collection", "$record");

    public SqliteTransaction? Transaction { get; set; }

    public long? StateVersion(GrainId grainId, string stateName) =>
        Run(_stateVersion, grainId.Type, grainId.Key, stateName).ExecuteScalar() is long version ? version : null;

    public void PutState(GrainId grainId, string stateName, long version, byte[]? payload, string now) =>
        Run(_putState, grainId.Type, grainId.Key, stateName, version, (object?)payload ?? DBNull.Value, now).ExecuteNonQuery();

    public void PutRecord(GrainId grainId, string collection, string key, byte[]? payload, string now)
    {
        if (payload is null)
        {
            Run(_removeRecord, grainId.Type, grainId.Key, collection, key).ExecuteNonQuery();
        }
        else
        {
            Run(_putRecord, grainId.Type, grainId.Key, collection, key, payload, now).ExecuteNonQuery();
        }
    }

    public static string Now() => DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    public void Dispose()
    {
        _stateVersion.Dispose();
        _putState.Dispose();
        _putRecord.Dispose();
        _removeRecord.Dispose();
    }

    private SqliteCommand Run(SqliteCommand command, params object[] values)
    {
        command.Transaction = Transaction;
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i];
        }

        return command;
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, null));
        }

        return command;
    }
}
