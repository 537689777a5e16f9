using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace RallyLive.Persistence.Redis;

/// <summary>Options of <see cref="RedisGrainStorageWithRecords"/>, one set per storage name (bindable from configuration).</summary>
public sealed class RedisGrainStorageOptions
{
    /// <summary>
    /// Where Redis is, as a StackExchange.Redis configuration string: <c>host:port</c>, more endpoints after commas,
    /// then options such as <c>password=...</c> or <c>ssl=true</c>. Required unless <see cref="ConfigurationOptions"/> is set.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// Set in code instead of <see cref="ConnectionString"/> for what a string cannot say (a certificate callback, say).
    /// It is copied, and the timeouts below replace its own.
    /// </summary>
    public ConfigurationOptions? ConfigurationOptions { get; set; }

    /// <summary>
    /// Put before every key this storage writes, so that several deployments can share one Redis database. Keys are
    /// <c>{KeyPrefix}{ServiceId}/state/...</c> and <c>{KeyPrefix}{ServiceId}/records/...</c>; no braces allowed.
    /// </summary>
    public string KeyPrefix { get; set; } = "";

    /// <summary>How long connecting may take, at silo start and on each reconnect.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a read or write may wait for Redis, including while the connection is being re-established.</summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The client configuration: a copy of the one given, or the parsed string, with these options' timeouts.</summary>
    internal ConfigurationOptions CreateConfiguration()
    {
        var configuration = ConfigurationOptions?.Clone() ?? ConfigurationOptions.Parse(ConnectionString!);
        configuration.ConnectTimeout = Milliseconds(ConnectTimeout);
        configuration.AsyncTimeout = Milliseconds(OperationTimeout);
        configuration.SyncTimeout = Milliseconds(OperationTimeout);

        // The first connection fails the silo's start rather than retrying in the background; later reconnects are automatic.
        configuration.AbortOnConnectFail = true;
        return configuration;
    }

    private static int Milliseconds(TimeSpan timeout) => (int)Math.Ceiling(timeout.TotalMilliseconds);
}

/// <summary>Rejects options the storage cannot run with, naming the storage, when they are first read (or at start).</summary>
internal sealed class RedisGrainStorageOptionsValidator : IValidateOptions<RedisGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, RedisGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (options.ConfigurationOptions is null && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            failures.Add($"Grain storage '{name}': ConnectionString must say where Redis is (host:port), or ConfigurationOptions must be set.");
        }
        else
        {
            try
            {
                if (options.CreateConfiguration().EndPoints.Count == 0)
                {
                    failures.Add($"Grain storage '{name}': ConnectionString names no Redis endpoint (host:port).");
                }
            }
            catch (ArgumentException exception)
            {
                failures.Add($"Grain storage '{name}': ConnectionString cannot be read: {exception.Message}");
            }
        }

        if (options.KeyPrefix is null || options.KeyPrefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            failures.Add($"Grain storage '{name}': KeyPrefix must not contain braces (Redis Cluster reads them as a hash tag), not '{options.KeyPrefix}'.");
        }

        foreach (var (option, timeout) in new[] { ("ConnectTimeout", options.ConnectTimeout), ("OperationTimeout", options.OperationTimeout) })
        {
            if (timeout < TimeSpan.FromMilliseconds(1) || timeout > TimeSpan.FromMinutes(10))
            {
                failures.Add($"Grain storage '{name}': {option} must be between 1 ms and 10 minutes, not {timeout}.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
