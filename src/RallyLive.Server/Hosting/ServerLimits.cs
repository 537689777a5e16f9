using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RallyLive.Server.Hosting;

/// <summary>
/// Kestrel's limits from <c>Kestrel:Limits</c> (connections, upgraded connections, request body and header sizes,
/// timeouts). ASP.NET Core reads only endpoints and certificates from the <c>Kestrel</c> section, so without this
/// binding the limits in appsettings.json would be documentation only.
/// </summary>
public static class ServerLimits
{
    public const string SectionName = "Kestrel:Limits";

    public static WebApplicationBuilder AddServerLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IConfiguration>((kestrel, configuration) => configuration.GetSection(SectionName).Bind(kestrel.Limits))
            .Validate(kestrel => kestrel.Limits.MaxConcurrentConnections is null or > 0 && kestrel.Limits.MaxConcurrentUpgradedConnections is null or > 0
                && kestrel.Limits.MaxRequestBodySize is null or > 0, $"{SectionName}: connection counts and the request body size must be positive.");
        return builder;
    }
}
