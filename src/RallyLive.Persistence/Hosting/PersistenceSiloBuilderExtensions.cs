using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Storage;
using RallyLive.Persistence.Memory;
using RallyLive.Persistence.Records;
using RallyLive.Persistence.Sqlite;

namespace RallyLive.Persistence.Hosting;

/// <summary>Registers RallyLive's grain storages on a silo, the way Orleans' own providers register.</summary>
public static class PersistenceSiloBuilderExtensions
{
    /// <summary>Keeps grain state and records in a SQLite file, as the default storage ("Default").</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configureOptions) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>Keeps grain state and records in a SQLite file, as the storage named <paramref name="name"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configureOptions) =>
        builder.AddSqliteGrainStorage(name, options => options.Configure(configureOptions));

    /// <summary>As the default storage, options built by the caller, e.g. <c>o => o.BindConfiguration("Grains:Storage:Default")</c>.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configureOptions);

    /// <summary>
    /// Keeps grain state and records in a SQLite file, as the storage named <paramref name="name"/>. The file is
    /// opened and checked when the silo starts (a damaged or unusable file stops the start, naming the file) and
    /// its queued writes are committed when the silo stops. Invalid options fail the host's start.
    /// </summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<OptionsBuilder<SqliteGrainStorageOptions>>? configureOptions = null) =>
        builder.AddGrainStorageWithRecords<SqliteGrainStorage, SqliteGrainStorageOptions, SqliteGrainStorageOptionsValidator>(name, configureOptions);

    /// <summary>
    /// Registers a grain storage that keeps records, the way the SQLite and Redis storages register: its options
    /// are named by the storage and validated when the host starts, <typeparamref name="TStorage"/> is built from
    /// the storage name and those options (other constructor parameters come from the silo's services), and grains
    /// may take <c>[PersistentRecords]</c> parameters.
    /// </summary>
    public static ISiloBuilder AddGrainStorageWithRecords<TStorage, TOptions, TValidator>(
        this ISiloBuilder builder, string name, Action<OptionsBuilder<TOptions>>? configureOptions)
        where TStorage : IGrainStorage, IGrainRecordStorage
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.ConfigureServices(services =>
        {
            var options = services.AddOptions<TOptions>(name).ValidateOnStart();
            configureOptions?.Invoke(options);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
            services.AddGrainStorage(name, static (provider, key) => ActivatorUtilities.CreateInstance<TStorage>(
                provider, key, provider.GetRequiredService<IOptionsMonitor<TOptions>>().Get(key)));
            services.AddPersistentRecords();
        });
    }

    /// <summary>Keeps grain state and records in process memory, as the default storage: for tests (<see cref="MemoryGrainStorageWithRecords"/>).</summary>
    public static ISiloBuilder AddMemoryGrainStorageWithRecordsAsDefault(this ISiloBuilder builder) =>
        builder.AddMemoryGrainStorageWithRecords(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME);

    /// <summary>Keeps grain state and records in process memory, as the storage named <paramref name="name"/>: for tests.</summary>
    public static ISiloBuilder AddMemoryGrainStorageWithRecords(this ISiloBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.ConfigureServices(services =>
        {
            services.AddGrainStorage(name, static (provider, key) => ActivatorUtilities.CreateInstance<MemoryGrainStorageWithRecords>(provider, key));
            services.AddPersistentRecords();
        });
    }

    /// <summary>
    /// Lets grain constructors take <c>[PersistentRecords]</c> parameters. The storages above call this; call it
    /// yourself only when records live in a storage registered some other way.
    /// </summary>
    public static IServiceCollection AddPersistentRecords(this IServiceCollection services)
    {
        // As Orleans registers PersistentStateAttributeMapper (DefaultSiloServices).
        services.TryAddSingleton<IAttributeToFactoryMapper<PersistentRecordsAttribute>, PersistentRecordsAttributeMapper>();
        return services;
    }
}
