using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace RallyLive.Server.Hosting;

/// <summary>
/// <c>RallyLive:TrustedProxies</c>: the addresses (<c>10.0.0.7</c>) or networks (<c>10.0.0.0/8</c>) of the proxies in
/// front of the server, such as nginx in front of a cluster. A request that comes from one of them is taken to be from the
/// address it names in <c>X-Forwarded-For</c> (and over the scheme in <c>X-Forwarded-Proto</c>), so that the HTTP limits
/// per client address count each client, not the proxy. Unset, nothing is trusted: a client could otherwise name any
/// address it likes and escape those limits.
/// </summary>
public static class TrustedProxies
{
    public const string SectionName = "RallyLive:TrustedProxies";

    public static WebApplicationBuilder AddTrustedProxies(this WebApplicationBuilder builder)
    {
        var entries = builder.Configuration.GetSection(SectionName).Get<string[]>() ?? [];
        var networks = entries.Where(e => e.Contains('/', StringComparison.Ordinal)).Select(ParseNetwork).ToList();
        var addresses = entries.Where(e => !e.Contains('/', StringComparison.Ordinal)).Select(ParseAddress).ToList();
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.ForwardLimit = 1; // the nearest proxy's word only: what it was told by its own client is not checked
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            addresses.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return builder;
    }

    private static System.Net.IPNetwork ParseNetwork(string entry) =>
        System.Net.IPNetwork.TryParse(entry, out var network) ? network : throw Invalid(entry);

    private static IPAddress ParseAddress(string entry) =>
        IPAddress.TryParse(entry, out var address) ? address : throw Invalid(entry);

    private static InvalidOperationException Invalid(string entry) =>
        new($"{SectionName}: '{entry}' is neither an address (10.0.0.7) nor a network (10.0.0.0/8).");

    /// <summary>
    /// Reads forwarded addresses from trusted proxies, before anything looks at a request's address; with none configured,
    /// reads nothing (ASP.NET Core's middleware given empty lists would believe every sender).
    /// </summary>
    public static WebApplication UseTrustedProxies(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<ForwardedHeadersOptions>>().Value;
        if (options.KnownProxies.Count + options.KnownIPNetworks.Count > 0)
        {
            app.UseForwardedHeaders();
        }

        return app;
    }
}
