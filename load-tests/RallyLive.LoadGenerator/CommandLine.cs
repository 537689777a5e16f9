using System.Globalization;

namespace RallyLive.LoadGenerator;

/// <summary>What the commands share in reading their options and writing their progress.</summary>
internal static class CommandLine
{
    /// <summary>The comma-separated URLs under <paramref name="key"/> (a cluster's nodes, or one server).</summary>
    public static Uri[] Urls(this Dictionary<string, string> options, string key = "url") =>
        [.. options[key].Split(',').Select(u => new Uri(u))];

    /// <summary>The processes whose comma-separated ids are under <paramref name="key"/>, measured together.</summary>
    public static ProcessSampler Processes(this Dictionary<string, string> options, string key = "pid") =>
        new([.. options[key].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture))]);

    /// <summary>The whole number under <paramref name="key"/>, which must be given.</summary>
    public static int Int(this Dictionary<string, string> options, string key) => int.Parse(options[key], CultureInfo.InvariantCulture);

    /// <summary>The whole number under <paramref name="key"/>, or <paramref name="otherwise"/> without one.</summary>
    public static int Int(this Dictionary<string, string> options, string key, int otherwise) =>
        options.TryGetValue(key, out var value) ? int.Parse(value, CultureInfo.InvariantCulture) : otherwise;

    /// <summary>The number under <paramref name="key"/>, or <paramref name="otherwise"/> without one.</summary>
    public static double Number(this Dictionary<string, string> options, string key, double otherwise) =>
        options.TryGetValue(key, out var value) ? double.Parse(value, CultureInfo.InvariantCulture) : otherwise;

    /// <summary>The HTTP client the commands make rallies and viewer tokens with.</summary>
    public static HttpClient Http() => new(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) };

    /// <summary>A progress line, stamped with the time of day (the run-*.sh scripts read these).</summary>
    public static void Log(string line) => Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
}
