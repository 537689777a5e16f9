using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Persistence;
using Orleans.Persistence.Redis;
using Orleans.Serialization.Serializers;
using Orleans.Storage;
using RallyLive.Persistence.Records;
using StackExchange.Redis;

namespace RallyLive.Persistence.Redis;

/// <summary>
/// Grain storage for several nodes, in Redis. Grain state is Orleans' own Redis grain storage
/// (<see cref="RedisGrainStorage"/>: one hash per state, a new random ETag per write, checked and written by one
/// Lua script), storing System.Text.Json with web defaults like the SQLite storage. Records are ours: per grain and
/// collection a sorted set of record keys, read in order with ZRANGEBYLEX, and a hash of payloads, both changed by
/// one Lua script (<see cref="RedisRecordKeys"/>). Both use one connection, opened and PINGed when the silo starts,
/// so that an unreachable Redis stops the start, naming its address. A write's task completes when Redis has
/// acknowledged it: durable across a Redis restart only if Redis runs with <c>appendfsync always</c>.
/// </summary>
public sealed partial class RedisGrainStorageWithRecords : IGrainStorage, IGrainRecordStorage, ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private const string PutRecordScript = """
        redis.call('ZADD', KEYS[1], 0, ARGV[1])
        redis.call('HSET', KEYS[2], ARGV[1], ARGV[2])
        return 1
        """;

    private const string RemoveRecordScript = """
        redis.call('ZREM', KEYS[1], ARGV[1])
        redis.call('HDEL', KEYS[2], ARGV[1])
        return 1
        """;

    /// <summary>ARGV: the lower bound ('-', or '(' and the key to start after), how many, and '1' for the last ones (newest first).</summary>
    private const string ReadRecordsScript = """
        local keys
        if ARGV[3] == '1' then
          keys = redis.call('ZREVRANGEBYLEX', KEYS[1], '+', '-', 'LIMIT', 0, ARGV[2])
        else
          keys = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[1], '+', 'LIMIT', 0, ARGV[2])
        end
        local records = {}
        for i, key in ipairs(keys) do
          records[2 * i - 1] = key
          records[2 * i] = redis.call('HGET', KEYS[2], key)
        end
        return records
        """;

    private readonly string _name;
    private readonly ConfigurationOptions _configuration;
    private readonly RedisRecordKeys _records;
    private readonly RedisGrainStorage _state;
    private readonly ILogger _logger;
    private ConnectionMultiplexer? _connection;

    public RedisGrainStorageWithRecords(
        string name, RedisGrainStorageOptions options, IOptions<ClusterOptions> clusterOptions, IActivatorProvider activatorProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clusterOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _name = name;
        _logger = loggerFactory.CreateLogger<RedisGrainStorageWithRecords>();
        _configuration = options.CreateConfiguration();
        _configuration.SetDefaultPorts();
        Endpoints = string.Join(", ", _configuration.EndPoints.Select(EndPointCollection.ToString));
        var serviceId = clusterOptions.Value.ServiceId;
        _records = new RedisRecordKeys(options.KeyPrefix, serviceId, name);
        _state = new RedisGrainStorage(name, new RedisStorageOptions
        {
            // Orleans' storage takes our connection (shared: it does not close it) when it starts, after OpenAsync.
            CreateMultiplexer = _ => Task.FromResult<(IConnectionMultiplexer, bool)>((_connection ?? throw NotOpen(), true)),
            GrainStorageSerializer = WebJsonGrainStorageSerializer.Instance,
            GetStorageKey = (stateName, grainId) => $"{options.KeyPrefix}{serviceId}/state/{grainId}/{stateName}",
            InitStage = ServiceLifecycleStage.ApplicationServices,
        }, WebJsonGrainStorageSerializer.Instance, clusterOptions, activatorProvider, loggerFactory.CreateLogger<RedisGrainStorage>());
    }

    /// <summary>The Redis endpoints, as <c>host:port</c> separated by commas: what error messages name.</summary>
    public string Endpoints { get; }

    public void Participate(ISiloLifecycle lifecycle)
    {
        ArgumentNullException.ThrowIfNull(lifecycle);
        lifecycle.Subscribe(OptionFormattingUtilities.Name<RedisGrainStorageWithRecords>(_name), ServiceLifecycleStage.ApplicationServices - 1,
            OpenAsync, _ => CloseAsync());
        _state.Participate(lifecycle);
    }

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        NamingRedisAsync(_state.ReadStateAsync(stateName, grainId, grainState));

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        NamingRedisAsync(_state.WriteStateAsync(stateName, grainId, grainState));

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        NamingRedisAsync(_state.ClearStateAsync(stateName, grainId, grainState));

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadRecordsAsync(GrainId grainId, string collection, string? afterKey, int limit) =>
        QueryRecordsAsync(grainId, collection, afterKey is null ? "-" : "(" + afterKey, limit, newestFirst: false);

    public Task<IReadOnlyList<KeyValuePair<string, byte[]>>> ReadLastRecordsAsync(GrainId grainId, string collection, int count) =>
        QueryRecordsAsync(grainId, collection, "-", count, newestFirst: true);

    public Task WriteRecordAsync(GrainId grainId, string collection, string key, byte[]? payload) => payload is null
        ? RunAsync($"Removing record '{key}' of collection '{collection}' of grain {grainId}",
            database => database.ScriptEvaluateAsync(RemoveRecordScript, _records.For(grainId, collection), [key]))
        : RunAsync($"Writing record '{key}' of collection '{collection}' of grain {grainId}",
            database => database.ScriptEvaluateAsync(PutRecordScript, _records.For(grainId, collection), [key, payload]));

    /// <summary>Closes the connection, letting commands already sent complete.</summary>
    public async ValueTask DisposeAsync()
    {
        await CloseAsync().ConfigureAwait(false);
        await _state.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Connects and PINGs; an unreachable Redis fails here, naming its address, and so stops the silo's start.</summary>
    private async Task OpenAsync(CancellationToken cancellationToken)
    {
        ConnectionMultiplexer? connection = null;
        try
        {
            connection = await ConnectionMultiplexer.ConnectAsync(_configuration).WaitAsync(cancellationToken).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            if (connection is not null)
            {
                await connection.DisposeAsync().ConfigureAwait(false);
            }

            throw new RedisStorageException($"Grain storage '{_name}' cannot reach Redis at {Endpoints}: {exception.Message}", exception);
        }

        _connection = connection;
        LogOpened(_logger, _name, Endpoints);
    }

    private async Task CloseAsync()
    {
        if (Interlocked.Exchange(ref _connection, null) is { } connection)
        {
            await connection.CloseAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<IReadOnlyList<KeyValuePair<string, byte[]>>> QueryRecordsAsync(GrainId grainId, string collection, string from, int limit, bool newestFirst)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        if (limit == 0)
        {
            return [];
        }

        var result = await RunAsync($"Reading collection '{collection}' of grain {grainId}",
            database => database.ScriptEvaluateAsync(ReadRecordsScript, _records.For(grainId, collection), [from, limit, newestFirst ? 1 : 0])).ConfigureAwait(false);
        var flat = (RedisResult[])result!;
        var records = new List<KeyValuePair<string, byte[]>>(flat.Length / 2);
        for (var i = 0; i < flat.Length; i += 2)
        {
            records.Add(KeyValuePair.Create((string)flat[i]!, (byte[])flat[i + 1]!));
        }

        if (newestFirst)
        {
            records.Reverse();
        }

        return records;
    }

    /// <summary>
    /// Runs one command; a Redis failure or timeout names the endpoint. The client's exception is told in the
    /// message, not kept inside: Orleans cannot serialize StackExchange.Redis exceptions to the grain's caller.
    /// </summary>
    private async Task<RedisResult> RunAsync(string what, Func<IDatabase, Task<RedisResult>> command)
    {
        var connection = _connection ?? throw NotOpen();
        try
        {
            return await command(connection.GetDatabase()).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is RedisException or TimeoutException)
        {
            throw new RedisStorageException($"{what} in Redis at {Endpoints} failed: {exception.GetType().Name}: {exception.Message}");
        }
    }

    /// <summary>Orleans' storage names the grain and the key but not always Redis: its errors get the endpoint added.</summary>
    private async Task NamingRedisAsync(Task stateOperation)
    {
        try
        {
            await stateOperation.ConfigureAwait(false);
        }
        catch (RedisStorageException exception)
        {
            throw new RedisStorageException($"Grain storage '{_name}' over Redis at {Endpoints}: {exception.Message}", exception);
        }
    }

    private InvalidOperationException NotOpen() => new($"Grain storage '{_name}' over Redis at {Endpoints} is not open: the silo has not started or has stopped.");

    [LoggerMessage(Level = LogLevel.Information, Message = "Grain storage {StorageName} connected to Redis at {Endpoints}")]
    private static partial void LogOpened(ILogger logger, string storageName, string endpoints);
}
