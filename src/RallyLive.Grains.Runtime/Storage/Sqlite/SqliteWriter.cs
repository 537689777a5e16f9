using Microsoft.Data.Sqlite;

namespace RallyLive.Grains.Runtime.Storage.Sqlite;

/// <summary>The single writing connection: commits a batch of queued changes in one transaction, one fsync.</summary>
internal sealed class SqliteWriter(SqliteConnection connection) : IDisposable
{
    private readonly SqliteCommands _commands = new(connection);

    public void Commit(List<ISqliteWrite> batch)
    {
        try
        {
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
