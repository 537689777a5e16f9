using System.Globalization;
using Microsoft.Data.Sqlite;

namespace RallyLive.Grains.Runtime.Storage.Sqlite;

/// <summary>
/// The single writing connection. Commits a batch of writes in one transaction; a write whose ETag does not
/// match changes nothing and is rejected alone, while a failed transaction fails the whole batch.
/// </summary>
internal sealed class SqliteWriter(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommand _insert = Prepare(connection, """
        INSERT INTO grain_state (grain_type, grain_key, state_name, version, payload, updated_at)
        VALUES ($type, $key, $name, 1, $payload, $now)
        ON CONFLICT DO NOTHING;
        """);

    private readonly SqliteCommand _update = Prepare(connection, """
        UPDATE grain_state SET version = version + 1, payload = $payload, updated_at = $now
        WHERE grain_type = $type AND grain_key = $key AND state_name = $name AND version = $expected;
        """);

    private readonly SqliteCommand _version = Prepare(connection, """
        SELECT version FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name;
        """);

    public void Commit(List<SqliteWrite> batch)
    {
        try
        {
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                var now = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
                foreach (var write in batch)
                {
                    Apply(write, transaction, now);
                }

                transaction.Commit();
            }

            foreach (var write in batch)
            {
                write.Complete();
            }
        }
        catch (Exception exception)
        {
            foreach (var write in batch)
            {
                write.Fail(exception);
            }
        }
    }

    public void Dispose()
    {
        _insert.Dispose();
        _update.Dispose();
        _version.Dispose();
        connection.Dispose();
    }

    private void Apply(SqliteWrite write, SqliteTransaction transaction, string now)
    {
        var expected = StoredVersion.FromEtag(write.HeldEtag);
        if (expected is null && write.Payload is null)
        {
            // Clearing a state that was never stored changes nothing, provided nobody stored it meanwhile.
            if (StoredVersionOf(write, transaction) is { } stored)
            {
                write.Rejection = StoredVersion.Conflict(write.StateName, write.GrainId, stored, write.HeldEtag);
            }

            return;
        }

        var changed = expected is null
            ? Run(_insert, write, transaction, now, expected)
            : Run(_update, write, transaction, now, expected);
        if (changed == 1)
        {
            write.NewVersion = (expected ?? 0) + 1;
            return;
        }

        write.Rejection = StoredVersion.Conflict(write.StateName, write.GrainId, StoredVersionOf(write, transaction), write.HeldEtag);
    }

    private long? StoredVersionOf(SqliteWrite write, SqliteTransaction transaction)
    {
        Bind(_version, write, transaction, now: null, expected: null);
        return _version.ExecuteScalar() is long version ? version : null;
    }

    private static int Run(SqliteCommand command, SqliteWrite write, SqliteTransaction transaction, string now, long? expected)
    {
        Bind(command, write, transaction, now, expected);
        return command.ExecuteNonQuery();
    }

    private static void Bind(SqliteCommand command, SqliteWrite write, SqliteTransaction transaction, string? now, long? expected)
    {
        command.Transaction = transaction;
        command.Parameters["$type"].Value = write.GrainId.Type;
        command.Parameters["$key"].Value = write.GrainId.Key;
        command.Parameters["$name"].Value = write.StateName;
        if (command.Parameters.Contains("$payload"))
        {
            command.Parameters["$payload"].Value = (object?)write.Payload ?? DBNull.Value;
            command.Parameters["$now"].Value = now;
        }

        if (command.Parameters.Contains("$expected"))
        {
            command.Parameters["$expected"].Value = expected;
        }
    }

    private static SqliteCommand Prepare(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$type", "$key", "$name", "$payload", "$now", "$expected" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter(name, null));
            }
        }

        return command;
    }
}
