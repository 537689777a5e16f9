using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace RallyLive.Grains.Runtime.Hosting;

/// <summary>Configures the grain runtime inside <see cref="GrainRuntimeHostingExtensions.UseGrainRuntime"/>.</summary>
public interface ISiloBuilder
{
    IServiceCollection Services { get; }

    IConfiguration Configuration { get; }
}

internal sealed record SiloBuilder(IServiceCollection Services, IConfiguration Configuration) : ISiloBuilder;
