using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RallyLive.Grains.Runtime.Storage;
using RallyLive.Grains.Runtime.Storage.Sqlite;

namespace RallyLive.Grains.Runtime.Hosting;

/// <summary>Registers grain storages by name; <see cref="PersistentStateAttribute"/> refers to them.</summary>
public static class GrainStorageSiloBuilderExtensions
{
    public static ISiloBuilder AddMemoryGrainStorage(this ISiloBuilder builder, string name) =>
        builder.AddGrainStorage(name, sp => new MemoryGrainStorage(sp.GetRequiredService<IGrainStorageSerializer>()));

    public static ISiloBuilder AddMemoryGrainStorageAsDefault(this ISiloBuilder builder) =>
        builder.AddMemoryGrainStorage(GrainStorageNames.Default);

    /// <summary>Adds SQLite grain storage; options bind from <c>Grains:Storage:{name}</c> and then <paramref name="configure"/>.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions>? configure = null)
    {
        var options = builder.Services.AddOptions<SqliteGrainStorageOptions>(name).BindConfiguration($"Grains:Storage:{name}");
        if (configure is not null)
        {
            options.Configure(configure);
        }

        return builder.AddGrainStorage(name, sp => new SqliteGrainStorage(
            name,
            sp.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(name),
            sp.GetRequiredService<IGrainStorageSerializer>()));
    }

    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions>? configure = null) =>
        builder.AddSqliteGrainStorage(GrainStorageNames.Default, configure);

    /// <summary>Adds any <see cref="IGrainStorage"/> under a name.</summary>
    public static ISiloBuilder AddGrainStorage(this ISiloBuilder builder, string name, Func<IServiceProvider, IGrainStorage> create)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        builder.Services.AddKeyedSingleton(name, (sp, _) => create(sp));
        builder.Services.AddSingleton(new GrainStorageRegistration(name));
        return builder;
    }
}
