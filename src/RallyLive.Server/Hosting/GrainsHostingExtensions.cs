using RallyLive.Grains;
using RallyLive.Grains.Runtime.Hosting;

namespace RallyLive.Server.Hosting;

/// <summary>Runs the grain runtime inside the server, on SQLite by default.</summary>
public static class GrainsHostingExtensions
{
    /// <summary>
    /// Adds the grain runtime with SQLite as the default grain storage, and RallyLive's grains. Options bind
    /// from <c>Grains:*</c> and <c>RallyLive:*</c>; a relative data file is placed under the content root, so
    /// every way of starting the server finds it.
    /// </summary>
    public static WebApplicationBuilder AddRallyLiveGrains(this WebApplicationBuilder builder)
    {
        var contentRoot = builder.Environment.ContentRootPath;
        builder.UseGrainRuntime(silo => silo.AddSqliteGrainStorageAsDefault(
            options => options.DataSource = Path.Combine(contentRoot, options.DataSource)));
        builder.Services.AddRallyDomain();
        return builder;
    }
}
