using Microsoft.Extensions.DependencyInjection;
using Orleans.Providers;
using Orleans.Storage;
using RallyLive.Persistence.Redis;
using RallyLive.Persistence.Redis.Hosting;

namespace RallyLive.Persistence.Tests.Redis;

/// <summary>
/// One redis-server shared by the tests of a class; each test keeps its data apart under a key prefix of its own.
/// Tests that kill Redis start a <see cref="RedisServer"/> of their own instead.
/// </summary>
public sealed class RedisFixture : IAsyncLifetime
{
    /// <summary>The service id of every Redis test silo, the crash test's child included: Redis keys carry it.</summary>
    public const string ServiceId = "rallylive-tests";

    public RedisServer Server { get; private set; } = null!;

    public static string NewKeyPrefix() => $"test-{Guid.NewGuid():N}/";

    /// <summary>A one-silo cluster whose default storage is Redis at <paramref name="connectionString"/>, under <paramref name="keyPrefix"/>.</summary>
    public static Task<InProcessTestCluster> StartSiloAsync(string connectionString, string keyPrefix = "", Action<RedisGrainStorageOptions>? configure = null) =>
        ClusterFixture.StartAsync(silo => silo.AddRedisGrainStorageWithRecordsAsDefault(options =>
        {
            options.ConnectionString = connectionString;
            options.KeyPrefix = keyPrefix;
            configure?.Invoke(options);
        }), ServiceId);

    /// <summary>The silo's default storage itself, opened by the silo, to call directly.</summary>
    public static RedisGrainStorageWithRecords Storage(InProcessTestCluster cluster) =>
        (RedisGrainStorageWithRecords)cluster.GetSiloServiceProvider().GetRequiredKeyedService<IGrainStorage>(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    public async Task InitializeAsync() => Server = await RedisServer.StartAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
