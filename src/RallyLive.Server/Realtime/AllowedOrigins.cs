using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace RallyLive.Server.Realtime;

/// <summary>
/// The origins whose pages may open hub connections, all from configuration and never from the request itself (a
/// DNS-rebinding page controls the Host header it sends): <see cref="RealtimeOptions.AllowedOrigins"/>, the origin of
/// <c>RallyLive:PublicUrl</c> (the address people reach the server at, behind a proxy), and the origins of the
/// addresses the server listens on (<c>Urls</c>). A loopback address also admits <c>localhost</c> and the other
/// loopback names on its port; an address on every interface (<c>0.0.0.0</c>, <c>[::]</c>, <c>+</c>, <c>*</c>) admits
/// nothing by itself, so a server reached by name needs <c>RallyLive:PublicUrl</c> or <c>AllowedOrigins</c>.
/// </summary>
public sealed class AllowedOrigins(IServer server, IOptions<RealtimeOptions> options, IConfiguration configuration)
{
    public const string PublicUrlKey = "RallyLive:PublicUrl";

    private HashSet<string>? _origins;

    public bool Allows(string origin) => Normalize(origin) is { } normalized && Origins.Contains(normalized);

    /// <summary>Read once the server listens (the first hub request comes after that), then kept.</summary>
    public IReadOnlySet<string> Origins => _origins ??= Build();

    private HashSet<string> Build()
    {
        var origins = new HashSet<string>(StringComparer.Ordinal);
        foreach (var origin in options.Value.AllowedOrigins)
        {
            if (Normalize(origin) is { } normalized)
            {
                origins.Add(normalized);
            }
        }

        if (configuration[PublicUrlKey] is { Length: > 0 } publicUrl && Normalize(publicUrl) is { } publicOrigin)
        {
            origins.Add(publicOrigin);
        }

        var listening = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var configured = (configuration["Urls"] ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var address in listening.Concat(configured))
        {
            foreach (var origin in OriginsOfListenAddress(address))
            {
                origins.Add(origin);
            }
        }

        return origins;
    }

    private static IEnumerable<string> OriginsOfListenAddress(string address)
    {
        // Kestrel's wildcards are not valid URI hosts: an address on every interface names no origin.
        if (!Uri.TryCreate(address.Replace("://+", "://wildcard.invalid", StringComparison.Ordinal).Replace("://*", "://wildcard.invalid", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Host == "wildcard.invalid")
        {
            yield break;
        }

        var host = uri.Host.Trim('[', ']');
        if (IPAddress.TryParse(host, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any)))
        {
            yield break;
        }

        var port = uri.IsDefaultPort ? string.Empty : $":{uri.Port}";
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (ip is not null && IPAddress.IsLoopback(ip)))
        {
            foreach (var loopback in new[] { "localhost", "127.0.0.1", "[::1]" })
            {
                yield return $"{uri.Scheme}://{loopback}{port}";
            }

            yield break;
        }

        yield return $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{port}";
    }

    /// <summary><c>scheme://host[:port]</c> in lower case, without a default port; null for anything that is not an http(s) origin.</summary>
    private static string? Normalize(string origin) =>
        Uri.TryCreate(origin.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? $"{uri.Scheme}://{uri.Host.ToLowerInvariant()}{(uri.IsDefaultPort ? string.Empty : $":{uri.Port}")}"
            : null;
}
