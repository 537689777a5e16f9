using System.Globalization;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace RallyLive.Server.Hosting;

/// <summary>
/// Kestrel's limits from <c>Kestrel:Limits</c> (connections, upgraded connections, request body and header sizes,
/// timeouts). ASP.NET Core reads only endpoints and certificates from the <c>Kestrel</c> section, so without this
/// binding the limits in appsettings.json would be documentation only. The connection limits are then held under
/// what the process may open (<see cref="OpenFiles"/>): a node that runs out of file descriptors does not refuse the
/// next client, it dies (the runtime aborts), taking every connection and everything in flight with it.
/// </summary>
public static class ServerLimits
{
    public const string SectionName = "Kestrel:Limits";

    public static WebApplicationBuilder AddServerLimits(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<KestrelServerOptions>()
            .Configure<IConfiguration>((kestrel, configuration) => configuration.GetSection(SectionName).Bind(kestrel.Limits))
            .PostConfigure(kestrel =>
            {
                var cap = OpenFiles.ConnectionCap(OpenFiles.ProcessLimit());
                kestrel.Limits.MaxConcurrentConnections = OpenFiles.Within(kestrel.Limits.MaxConcurrentConnections, cap);
                kestrel.Limits.MaxConcurrentUpgradedConnections = OpenFiles.Within(kestrel.Limits.MaxConcurrentUpgradedConnections, cap);
            })
            .Validate(kestrel => kestrel.Limits.MaxConcurrentConnections is null or > 0 && kestrel.Limits.MaxConcurrentUpgradedConnections is null or > 0
                && kestrel.Limits.MaxRequestBodySize is null or > 0, $"{SectionName}: connection counts and the request body size must be positive.");
        return builder;
    }
}

/// <summary>The process's limit of open files (sockets included), and how many client connections fit under it.</summary>
public static class OpenFiles
{
    /// <summary>
    /// Files a node keeps open besides its clients' sockets: the runtime holds its assemblies open (about 360 files at
    /// start), then the data files, the cluster's sockets, the logs; with room to spare.
    /// </summary>
    public const int Reserved = 768;

    /// <summary>However low the limit, a node takes at least this many connections (it will not be much use).</summary>
    public const int MinimumConnections = 64;

    /// <summary>The soft limit of open files (<c>ulimit -n</c>) from <c>/proc/self/limits</c>; null where there is none to read (not Linux) or it is unlimited.</summary>
    public static long? ProcessLimit()
    {
        const string path = "/proc/self/limits";
        if (!OperatingSystem.IsLinux() || !File.Exists(path))
        {
            return null;
        }

        return ParseLimit(File.ReadLines(path));
    }

    /// <summary>The soft limit on the "Max open files" line of a <c>/proc/&lt;pid&gt;/limits</c> file.</summary>
    public static long? ParseLimit(IEnumerable<string> limitsFile)
    {
        var line = limitsFile.FirstOrDefault(l => l.StartsWith("Max open files", StringComparison.Ordinal));
        var soft = line?["Max open files".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) ? limit : null;
    }

    /// <summary>The most client connections a process allowed <paramref name="openFileLimit"/> files can hold; null when unbounded.</summary>
    public static long? ConnectionCap(long? openFileLimit) =>
        openFileLimit is { } limit ? Math.Max(MinimumConnections, limit - Reserved) : null;

    /// <summary>The configured limit, lowered to the cap when it is higher (or unset).</summary>
    public static long? Within(long? configured, long? cap) => (configured, cap) switch
    {
        (_, null) => configured,
        (null, { } c) => c,
        ({ } value, { } c) => Math.Min(value, c),
    };
}
