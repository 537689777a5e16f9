using System.Threading.Channels;
using Microsoft.Data.Sqlite;

namespace RallyLive.Grains.Runtime.Storage.Sqlite;

/// <summary>
/// Grain storage in one SQLite file: the embedded default. WAL journal, <c>synchronous=FULL</c>, and a
/// write's task completes only after its transaction has committed, so an acknowledged write survives a
/// crash of the process (and of the machine). Writes from all grains go through one writer that commits
/// whatever has queued up in a single transaction (group commit), so many concurrent writers share each
/// fsync. Reads use pooled connections and run alongside the writer.
/// </summary>
public sealed class SqliteGrainStorage : IGrainStorage, IGrainRecordStorage, IAsyncDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS grain_state (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            state_name TEXT NOT NULL,
            version    INTEGER NOT NULL,
            payload    BLOB,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, state_name)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS grain_record (
            grain_type TEXT NOT NULL,
            grain_key  TEXT NOT NULL,
            collection TEXT NOT NULL,
            record_key TEXT NOT NULL,
            payload    BLOB NOT NULL,
            updated_at TEXT NOT NULL,
            PRIMARY KEY (grain_type, grain_key, collection, record_key)
        ) WITHOUT ROWID;
        """;

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

    private readonly IGrainStorageSerializer _serializer;
    private readonly string _connectionString;
    private readonly SqliteWriter _writer;
    private readonly Channel<ISqliteWrite> _queue = Channel.CreateUnbounded<ISqliteWrite>(new() { SingleReader = true });
    private readonly Task _writing;
    private readonly int _maxWritesPerCommit;

    public SqliteGrainStorage(string name, SqliteGrainStorageOptions options, IGrainStorageSerializer serializer)
    {
        _serializer = serializer;
        _maxWritesPerCommit = options.MaxWritesPerCommit;
        var path = Path.GetFullPath(options.DataSource);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var connection = new SqliteConnection(_connectionString);
            connection.Open();
            Execute(connection, $"PRAGMA busy_timeout={(int)options.BusyTimeout.TotalMilliseconds};");
            Execute(connection, "PRAGMA journal_mode=WAL;");
            Execute(connection, "PRAGMA synchronous=FULL;");
            Execute(connection, Schema);
            _writer = new SqliteWriter(connection);
        }
        catch (SqliteException exception)
        {
            throw new InvalidOperationException($"Grain storage '{name}' cannot use the SQLite file '{path}': {exception.Message}", exception);
        }

        _writing = Task.Run(WriteLoopAsync);
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT version, payload FROM grain_state WHERE grain_type = $type AND grain_key = $key AND state_name = $name;";
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$name", stateName);
        await using var reader = await command.ExecuteReaderAsync();
        if (!await reader.ReadAsync())
        {
            grainState.State = GrainStateDefaults.Create<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }

        var version = reader.GetInt64(0);
        var exists = !reader.IsDBNull(1);
        grainState.State = exists ? _serializer.Deserialize<T>((byte[])reader.GetValue(1)) : GrainStateDefaults.Create<T>();
        grainState.ETag = StoredVersion.ToEtag(version);
        grainState.RecordExists = exists;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var payload = _serializer.Serialize(grainState.State);
        var version = await EnqueueAsync(new StateWrite(stateName, grainId, grainState.ETag, payload));
        grainState.ETag = StoredVersion.ToEtag(version);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var version = await EnqueueAsync(new StateWrite(stateName, grainId, grainState.ETag, payload: null));
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

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _writing;
        _writer.Dispose();
    }

    private Task<TResult> EnqueueAsync<TResult>(SqliteWrite<TResult> write) =>
        _queue.Writer.TryWrite(write)
            ? write.Committed
            : Task.FromException<TResult>(new ObjectDisposedException(nameof(SqliteGrainStorage), "Grain storage has been shut down."));

    private async Task WriteLoopAsync()
    {
        var batch = new List<ISqliteWrite>(_maxWritesPerCommit);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < _maxWritesPerCommit && _queue.Reader.TryRead(out var write))
            {
                batch.Add(write);
            }

            _writer.Commit(batch);
            batch.Clear();
        }
    }

    private async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> QueryRecordsAsync(
        GrainId grainId, string collection, string sql, string afterKey, int limit, bool newestFirst)
    {
        await using var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$type", grainId.Type);
        command.Parameters.AddWithValue("$key", grainId.Key);
        command.Parameters.AddWithValue("$collection", collection);
        command.Parameters.AddWithValue("$after", afterKey);
        command.Parameters.AddWithValue("$limit", limit);
        var records = new List<KeyValuePair<string, byte[]>>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records.Add(KeyValuePair.Create(reader.GetString(0), (byte[])reader.GetValue(1)));
        }

        if (newestFirst)
        {
            records.Reverse();
        }

        return records;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
