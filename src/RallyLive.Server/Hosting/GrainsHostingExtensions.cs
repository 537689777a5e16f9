using System.Net;
using System.Net.Sockets;
using Orleans.Configuration;
using RallyLive.Grains;
using RallyLive.Persistence.Hosting;

namespace RallyLive.Server.Hosting;

/// <summary>Runs an Orleans silo inside the server: the embedded default, one node on SQLite.</summary>
public static class GrainsHostingExtensions
{
    /// <summary>
    /// Adds a single-node Orleans silo (localhost clustering, no client gateway: the hubs and API call grains
    /// in-process), SQLite as the default grain storage, and RallyLive's grains. Settings bind from
    /// <c>Grains:*</c> (see deploy/README.md) and <c>RallyLive:*</c>; a relative data file is placed under the
    /// content root, so every way of starting the server finds it.
    /// </summary>
    public static WebApplicationBuilder AddRallyLiveGrains(this WebApplicationBuilder builder)
    {
        var configuration = builder.Configuration;
        var contentRoot = builder.Environment.ContentRootPath;
        builder.UseOrleans(silo =>
        {
            // Nothing outside this process talks to the silo, so any free loopback port will do unless one is set.
            silo.UseLocalhostClustering(siloPort: configuration.GetValue<int?>("Grains:Silo:Port") ?? FreeLoopbackPort(), gatewayPort: 0);
            silo.AddSqliteGrainStorageAsDefault(options => options
                .BindConfiguration("Grains:Storage:Default")
                .PostConfigure(o => o.DataSource = Path.Combine(contentRoot, o.DataSource)));
            silo.Configure<SiloMessagingOptions>(configuration.GetSection("Grains:Messaging"));
            silo.Configure<GrainCollectionOptions>(configuration.GetSection("Grains:Collection"));
            silo.AddRallyLiveGrains();
        });
        return builder;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
