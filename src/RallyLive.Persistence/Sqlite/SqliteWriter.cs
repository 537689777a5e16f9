using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace RallyLive.Persistence.Sqlite;

/// <summary>
/// The single writing connection: commits a batch of queued changes in one transaction, one fsync. Each commit is
/// measured (<see cref="SqliteStorageMetrics"/>) before its writes complete, so a caller that sees its write done finds
/// the commit that carried it already counted.
/// </summary>
internal sealed class SqliteWriter(SqliteConnection connection, string storageName, string dataSource) : IDisposable
{
    private readonly SqliteCommands _commands = new(connection);

    /// <summary>Commits the batch and completes its writes; returns the failure that failed them all, if any.</summary>
    public Exception? Commit(List<ISqliteWrite> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // BEGIN IMMEDIATE: the write lock is taken first, so the ETag checks inside see what the commit replaces.
            using (var transaction = connection.BeginTransaction(deferred: false))
            {
                _commands.Transaction = transaction;
                var now = SqliteCommands.Now();
                foreach (var write in batch)
                {
                    write.Apply(_commands, now);
                }

                transaction.Commit();
            }

            SqliteStorageMetrics.Committed(storageName, batch.Count, started, succeeded: true);
            foreach (var write in batch)
            {
                write.Complete();
            }

            return null;
        }
        catch (SqliteException exception)
        {
            SqliteStorageMetrics.Committed(storageName, batch.Count, started, succeeded: false);
            var failure = new SqliteGrainStorageException($"Committing to the SQLite file '{dataSource}' failed: {exception.Message}", exception);
            foreach (var write in batch)
            {
                write.Fail(failure);
            }

            return failure;
        }
        finally
        {
            _commands.Transaction = null;
        }
    }

    public void Dispose()
    {
        _commands.Dispose();
        connection.Dispose();
    }
}
