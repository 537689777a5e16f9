using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace RallyLive.Server.Tests;

/// <summary>
/// A folder of Node scripts that drive the server from outside, as real clients do: <see cref="Protocol"/> with the
/// official <c>@microsoft/signalr</c> client, <see cref="Browser"/> with headless Chromium through playwright-core.
/// A script takes one JSON argument and prints one JSON result.
/// </summary>
public sealed class NodeScript
{
    public static readonly NodeScript Protocol = new(Metadata("ProtocolClientDirectory"), Path.Combine("@microsoft", "signalr"));

    public static readonly NodeScript Browser = new(Metadata("BrowserClientDirectory"), "playwright-core");

    /// <summary>Where the browser scripts save their screenshots, for a person to look at after the run.</summary>
    public static readonly string ScreenshotDirectory = Metadata("ScreenshotDirectory");

    private readonly string _directory;
    private readonly string _package;

    private NodeScript(string directory, string package)
    {
        _directory = directory;
        _package = package;
    }

    /// <summary>Runs <paramref name="script"/> with <paramref name="config"/>; it must finish within <paramref name="timeout"/> (2 minutes unless given).</summary>
    public async Task<JsonElement> RunAsync(string script, object config, TimeSpan? timeout = null)
    {
        if (!Directory.Exists(Path.Combine(_directory, "node_modules", _package)))
        {
            throw new InvalidOperationException($"The Node client is not installed: run `npm ci` in {_directory} (./test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = _directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(JsonSerializer.Serialize(config, ApiClient.Json));
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        var patience = timeout ?? TimeSpan.FromMinutes(2);
        try
        {
            await node.WaitForExitAsync().WaitAsync(patience);
        }
        catch (TimeoutException)
        {
            // Stopped, so that what it printed so far can be read and tells where it waited.
            node.Kill(entireProcessTree: true);
            await node.WaitForExitAsync();
            throw new TimeoutException($"node {script} did not finish within {patience}. Its output:\n{await output}\nIts errors:\n{await errors}");
        }

        Assert.True(node.ExitCode == 0, $"node {script} failed ({node.ExitCode}): {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }

    private static string Metadata(string key) => typeof(NodeScript).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
