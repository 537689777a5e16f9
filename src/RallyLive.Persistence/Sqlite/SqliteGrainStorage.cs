using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using RallyLive.Persistence.Records;

namespace RallyLive.Persistence.Sqlite;

/// <summary>
/// Grain storage in one SQLite file: the embedded default. WAL journal, <c>synchronous=FULL</c>, and a write's
/// task completes only after its transaction has committed, so an acknowledged write survives a crash of the
/// process (and of the machine). Writes from all grains go through one writer that commits whatever has queued
/// up in a single transaction (group commit), so many concurrent writers share each fsync. Reads use pooled
/// connections and run alongside the writer. The ETag is the row's version, checked inside the transaction.
/// The file is opened (and checked) when the silo starts and flushed and closed when it stops.
/// </summary>
public sealed partial class SqliteGrainStorage(string name, SqliteGrainStorageOptions options, ILogger<SqliteGrainStorage> logger)
    : IGrainStorage, IGrainRecordStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const string StateByKey =
        "SELECT version, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name;";

    private const string RecordsInKeyOrder = """
        SELECT record_key, payload FROM grain_record
        WHERE grain_type = $type AND grain_key = $key AND collection = $collection AND record_key > $after
        ORDER BY record_key LIMIT $limit;
        """;

    private const string RecordsNewestFirst = """
        SELECT record_key, payload FROM grain_record
        WHERE grain_type = $type AND grain_key = $key AND collection = $collection AND record_key > $after
        ORDER BY record_key DESC LIMIT $limit;
        """;

    private readonly Channel<ISqliteWrite> _queue = Channel.CreateUnbounded<ISqliteWrite>(new() { SingleReader = true });
    private readonly Lock _lifecycle = new();
    private readonly string _connectionString = SqliteFile.ConnectionString(Path.GetFullPath(options.DataSource), options.BusyTimeout);
    private SqliteWriter? _writer;
    private Task? _writing;
    private bool _disposed;

    /// <summary>The full path of the database file.</summary>
    public string DataSource { get; } = Path.GetFullPath(options.DataSource);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(OptionFormattingUtilities.Name<SqliteGrainStorage>(name), ServiceLifecycleStage.ApplicationServices,
            OpenAsync, _ => DisposeAsync().AsTask());

    /// <summary>
    /// Opens the file, creating it when missing, and starts the writer; a damaged or unusable file fails here
    /// with <see cref="SqliteGrainStorageException"/> naming it. The silo calls this at start; calling it again does nothing.
    /// </summary>
    public Task OpenAsync(CancellationToken cancellationToken = default)
    {
        lock (_lifecycle)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is null)
            {
                var connection = SqliteFile.OpenWriter(name, DataSource, _connectionString, options.BusyTimeout);
                _writer = new SqliteWriter(connection, name, DataSource);
                _writing = Task.Run(WriteLoopAsync, CancellationToken.None);
                LogOpened(logger, name, DataSource);
            }
        }

        return Task.CompletedTask;
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        return ReadAsync($"Reading state '{stateName}' of grain {grainId}", StateByKey, command => AddKeys(command, grainId).AddWithValue("$name", stateName), async reader =>
        {
            if (!await reader.ReadAsync().ConfigureAwait(false))
            {
                grainState.State = GrainStateDefaults.Create<T>();
                grainState.ETag = null;
                grainState.RecordExists = false;
                return true;
            }

            var version = reader.GetInt64(0);
            var exists = !reader.IsDBNull(1);
            grainState.State = exists ? WebJsonGrainStorageSerializer.FromBytes<T>((byte[])reader.GetValue(1)) : GrainStateDefaults.Create<T>();
            grainState.ETag = StoredVersion.ToEtag(version);
            grainState.RecordExists = exists;
            return true;
        });
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var payload = WebJsonGrainStorageSerializer.ToBytes(grainState.State);
        var version = await EnqueueAsync(new StateWrite(stateName, grainId, grainState.ETag, payload)).ConfigureAwait(false);
        grainState.ETag = StoredVersion.ToEtag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var version = await EnqueueAsync(new StateWrite(stateName, grainId, grainState.ETag, payload: null)).ConfigureAwait(false);
        grainState.ETag = StoredVersion.ToEtag(version);
        grainState.State = GrainStateDefaults.Create<T>();
        grainState.RecordExists = false;
    }

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRecordsAsync(GrainId grainId, string collection, string? afterKey, int limit) =>
        QueryRecordsAsync(grainId, collection, RecordsInKeyOrder, afterKey ?? string.Empty, limit, newestFirst: false);

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadLastRecordsAsync(GrainId grainId, string collection, int count) =>
        QueryRecordsAsync(grainId, collection, RecordsNewestFirst, string.Empty, count, newestFirst: true);

    public Task WriteRecordAsync(GrainId grainId, string collection, string key, byte[]? payload) =>
        EnqueueAsync(new RecordWrite(collection, grainId, key, payload));

    /// <summary>Commits every write already queued, stops the writer and closes the file.</summary>
    public async ValueTask DisposeAsync()
    {
        Task? writing;
        lock (_lifecycle)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _queue.Writer.TryComplete();
            writing = _writing;
        }

        if (writing is not null)
        {
            await writing.ConfigureAwait(false);
        }

        _writer?.Dispose();
        using var pooled = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(pooled);
    }

    private Task<TResult> EnqueueAsync<TResult>(SqliteWrite<TResult> write)
    {
        if (_writer is null && !_disposed)
        {
            return Task.FromException<TResult>(new InvalidOperationException($"Grain storage '{name}' over '{DataSource}' has not been opened."));
        }

        return _queue.Writer.TryWrite(write)
            ? write.Committed
            : Task.FromException<TResult>(new ObjectDisposedException(nameof(SqliteGrainStorage), $"Grain storage '{name}' over '{DataSource}' has been shut down."));
    }

    private async Task WriteLoopAsync()
    {
        var batch = new List<ISqliteWrite>(options.MaxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < options.MaxWritesPerCommit && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            if (_writer!.Commit(batch) is { } failure)
            {
                LogCommitFailed(logger, failure, name, batch.Count);
            }

            batch.Clear();
        }
    }

    private Task<IReadOnlyList<KeyValuePair<string, byte[]>>> QueryRecordsAsync(
        GrainId grainId, string collection, string sql, string afterKey, int limit, bool newestFirst) =>
        ReadAsync($"Reading collection '{collection}' of grain {grainId}", sql, command =>
        {
            AddKeys(command, grainId);
            command.Parameters.AddWithValue("$collection", collection);
            command.Parameters.AddWithValue("$after", afterKey);
            command.Parameters.AddWithValue("$limit", limit);
        }, async reader =>
        {
            var records = new List<KeyValuePair<string, byte[]>>();
            while (await reader.ReadAsync().ConfigureAwait(false))
            {
                records.Add(KeyValuePair.Create(reader.GetString(0), (byte[])reader.GetValue(1)));
            }

            if (newestFirst)
            {
                records.Reverse();
            }

            return (IReadOnlyList<KeyValuePair<string, byte[]>>)records;
        });

    /// <summary>Runs one query on a pooled connection; a SQLite failure names the file.</summary>
    private async Task<TResult> ReadAsync<TResult>(string what, string sql, Action<SqliteCommand> bind, Func<SqliteDataReader, Task<TResult>> read)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            throw new InvalidOperationException($"Grain storage '{name}' over '{DataSource}' has not been opened.");
        }

        try
        {
            var connection = new SqliteConnection(_connectionString);
            await using (connection.ConfigureAwait(false))
            {
                await connection.OpenAsync().ConfigureAwait(false);
                var command = connection.CreateCommand();
                await using (command.ConfigureAwait(false))
                {
                    command.CommandText = sql;
                    bind(command);
                    var reader = await command.ExecuteReaderAsync().ConfigureAwait(false);
                    await using (reader.ConfigureAwait(false))
                    {
                        return await read(reader).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (SqliteException exception)
        {
            throw new SqliteGrainStorageException($"{what} from the SQLite file '{DataSource}' failed: {exception.Message}", exception);
        }
    }

    private static SqliteParameterCollection AddKeys(SqliteCommand command, GrainId grainId)
    {
        command.Parameters.AddWithValue("$type", grainId.Type.ToString());
        command.Parameters.AddWithValue("$key", grainId.Key.ToString());
        return command.Parameters;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {StorageName} opened the SQLite file {DataSource}")]
    private static partial void LogOpened(ILogger logger, string storageName, string dataSource);

    [LoggerMessage(Level = LogLevel.Error, Message = "Grain storage {StorageName} failed to commit {Writes} writes; each was failed to its grain")]
    private static partial void LogCommitFailed(ILogger logger, Exception exception, string storageName, int writes);
}
