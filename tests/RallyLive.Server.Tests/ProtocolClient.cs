using System.Diagnostics;
using System.Reflection;
using System.Text.Json;

namespace RallyLive.Server.Tests;

/// <summary>Runs a script of the Node protocol client (the official <c>@microsoft/signalr</c>) and returns what it printed.</summary>
public static class ProtocolClient
{
    private static readonly string Directory = typeof(ProtocolClient).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "ProtocolClientDirectory").Value!;

    public static async Task<JsonElement> RunAsync(string script, object config)
    {
        if (!System.IO.Directory.Exists(Path.Combine(Directory, "node_modules", "@microsoft", "signalr")))
        {
            throw new InvalidOperationException($"The protocol client is not installed: run `npm ci` in {Directory} (./test.sh does).");
        }

        var start = new ProcessStartInfo("node") { WorkingDirectory = Directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(JsonSerializer.Serialize(config, ApiClient.Json));
        using var node = Process.Start(start)!;
        var output = node.StandardOutput.ReadToEndAsync();
        var errors = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.True(node.ExitCode == 0, $"node {script} failed ({node.ExitCode}): {await errors}");
        return JsonDocument.Parse(await output).RootElement.Clone();
    }
}
