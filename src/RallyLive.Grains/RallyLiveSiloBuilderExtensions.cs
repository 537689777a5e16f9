using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization.Configuration;

namespace RallyLive.Grains;

/// <summary>Puts RallyLive's grains on an Orleans silo.</summary>
public static class RallyLiveSiloBuilderExtensions
{
    /// <summary>
    /// Adds what the grains need (<see cref="RallyDomainServiceCollectionExtensions.AddRallyDomain"/>) and has the
    /// silo refuse to start when a type in a grain interface has no serializer or copier. Orleans runs that check
    /// only in Development by default; in any other environment such a type would fail at its first call across
    /// nodes instead.
    /// </summary>
    public static ISiloBuilder AddRallyLiveGrains(this ISiloBuilder silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        silo.Services.AddRallyDomain();
        silo.Services.Configure<TypeManifestOptions>(options => options.EnableConfigurationAnalysis = true);
        return silo;
    }
}
