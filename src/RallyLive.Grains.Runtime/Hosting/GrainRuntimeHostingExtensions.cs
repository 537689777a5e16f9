using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RallyLive.Grains.Runtime.Activation;
using RallyLive.Grains.Runtime.Storage;

namespace RallyLive.Grains.Runtime.Hosting;

/// <summary>Adds the grain runtime to a host.</summary>
public static class GrainRuntimeHostingExtensions
{
    /// <summary>
    /// Runs the grain runtime in this host: registers <see cref="IGrainFactory"/>, finds the grain classes of
    /// every loaded assembly, starts the idle collector with the host and deactivates every grain when it stops.
    /// </summary>
    public static TBuilder UseGrainRuntime<TBuilder>(this TBuilder builder, Action<ISiloBuilder>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<GrainRuntimeOptions>()
            .BindConfiguration(GrainRuntimeOptions.SectionName)
            .Validate(o => o.ResponseTimeout > TimeSpan.Zero, "Grains:Runtime:ResponseTimeout must be positive.")
            .ValidateOnStart();
        services.AddOptions<GrainCollectionOptions>()
            .BindConfiguration(GrainCollectionOptions.SectionName)
            .Validate(o => o.CollectionAge > TimeSpan.Zero && o.CollectionQuantum > TimeSpan.Zero, "Grains:Collection ages must be positive.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGrainStorageSerializer>(new JsonGrainStorageSerializer());
        services.AddSingleton<GrainRuntime>();
        services.AddSingleton<IGrainFactory>(sp => sp.GetRequiredService<GrainRuntime>());
        services.AddHostedService<GrainRuntimeService>();
        configure?.Invoke(new SiloBuilder(services, builder.Configuration));
        return builder;
    }
}

/// <summary>Starts and stops the runtime with the host, and opens every grain storage at start so a bad file fails fast.</summary>
internal sealed class GrainRuntimeService(GrainRuntime runtime, IServiceProvider services, IEnumerable<GrainStorageRegistration> storages) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var storage in storages)
        {
            services.GetRequiredKeyedService<IGrainStorage>(storage.Name);
        }

        runtime.Start();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => runtime.StopAsync(cancellationToken);
}

/// <summary>Records the name of a registered grain storage.</summary>
internal sealed record GrainStorageRegistration(string Name);
