using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RallyLive.Persistence.Sqlite;

/// <summary>The writer connection's prepared statements. Rows are keyed by Orleans' grain type and key strings.</summary>
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
        Run(_stateVersion, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName).ExecuteScalar() is long version ? version : null;

    public void PutState(GrainId grainId, string stateName, long version, byte[]? payload, string now) =>
        Run(_putState, grainId.Type.ToString()!, grainId.Key.ToString()!, stateName, version, (object?)payload ?? DBNull.Value, now).ExecuteNonQuery();

    public void PutRecord(GrainId grainId, string collection, string key, byte[]? payload, string now)
    {
        if (payload is null)
        {
            Run(_removeRecord, grainId.Type.ToString()!, grainId.Key.ToString()!, collection, key).ExecuteNonQuery();
        }
        else
        {
            Run(_putRecord, grainId.Type.ToString()!, grainId.Key.ToString()!, collection, key, payload, now).ExecuteNonQuery();
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
