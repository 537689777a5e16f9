using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using RallyLive.Persistence.Hosting;

namespace RallyLive.Persistence.Redis.Hosting;

/// <summary>Registers the Redis grain storage with records on a silo, as <c>PersistenceSiloBuilderExtensions</c> registers SQLite.</summary>
public static class RedisPersistenceSiloBuilderExtensions
{
    /// <summary>Keeps grain state and records in Redis, as the default storage ("Default").</summary>
    public static ISiloBuilder AddRedisGrainStorageWithRecordsAsDefault(this ISiloBuilder builder, Action<RedisGrainStorageOptions> configureOptions) =>
        builder.AddRedisGrainStorageWithRecords(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Keeps grain state and records in Redis, as the storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddRedisGrainStorageWithRecords(this ISiloBuilder builder, string name, Action<RedisGrainStorageOptions> configureOptions) =>
        builder.AddRedisGrainStorageWithRecords(name, options => options.Configure(configureOptions));

    /// <summary>As the default storage, options built by the caller, e.g. <c>o => o.BindConfiguration("Grains:Storage:Default")</c>.</summary>
    public static ISiloBuilder AddRedisGrainStorageWithRecordsAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<RedisGrainStorageOptions>>? configureOptions = null) =>
        builder.AddRedisGrainStorageWithRecords(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>
    /// Keeps grain state and records in Redis, as the storage named <paramref name="name"/>. The silo connects and
    /// PINGs Redis when it starts (an unreachable Redis stops the start, naming its address) and closes the
    /// connection when it stops. Invalid options fail the host's start.
    /// </summary>
    public static ISiloBuilder AddRedisGrainStorageWithRecords(this ISiloBuilder builder, string name, Action<OptionsBuilder<RedisGrainStorageOptions>>? configureOptions = null) =>
        builder.AddGrainStorageWithRecords<RedisGrainStorageWithRecords, RedisGrainStorageOptions, RedisGrainStorageOptionsValidator>(name, configureOptions);
}
