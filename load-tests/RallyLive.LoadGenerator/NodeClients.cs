using System.Diagnostics;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// A small group of real <c>@microsoft/signalr</c> clients (load-tests/js/e2e-latency.mjs) watching the same stream
/// as the generator's viewers: one of them reacts once a second with its own kind, and every one measures how long
/// that reaction takes to come back in a frame. An independent check of the generator's own latency figures.
/// </summary>
internal sealed class NodeClients(string? scriptDirectory)
{
    public const string NodeProbeKind = "wow";

    public bool Available => scriptDirectory is not null && Directory.Exists(Path.Combine(scriptDirectory, "node_modules", "@microsoft", "signalr"));

    /// <summary>Runs the clients for <paramref name="seconds"/> against the given hub URLs (one per client); null when Node's client is not installed or failed.</summary>
    public async Task<LatencySummary?> RunAsync(IReadOnlyList<Uri> hubUrls, double seconds)
    {
        if (!Available || hubUrls.Count == 0)
        {
            return null;
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = scriptDirectory!, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("e2e-latency.mjs");
        start.ArgumentList.Add(JsonSerializer.Serialize(new { urls = hubUrls.Select(u => u.ToString()), streamId = Crowd.StreamId, kind = NodeProbeKind, seconds }));
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        try
        {
            await node.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(seconds + 60));
        }
        catch (TimeoutException)
        {
            node.Kill(entireProcessTree: true);
            return null;
        }

        if (node.ExitCode != 0)
        {
            await Console.Error.WriteLineAsync($"node clients failed: {await errors}");
            return null;
        }

        var result = JsonDocument.Parse(await output).RootElement;
        return new LatencySummary(result.GetProperty("count").GetInt64(), result.GetProperty("p50").GetDouble(),
            result.GetProperty("p99").GetDouble(), result.GetProperty("max").GetDouble());
    }
}
