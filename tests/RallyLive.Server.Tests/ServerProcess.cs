using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RallyLive.Server.Tests;

/// <summary>
/// The server as its own process (the built RallyLive.Server.dll beside the tests), on 127.0.0.1 and a free port,
/// over a given data file and key folder, so that a test can kill it outright and start it again.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ServerProcess(Process process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>Starts the server on <paramref name="url"/>, by default on a free port of 127.0.0.1.</summary>
    public static async Task<ServerProcess> StartAsync(string dataFile, string keyDirectory, string url = "http://127.0.0.1:0")
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Urls"] = url,
                ["Grains__Storage__Default__DataSource"] = dataFile,
                ["RallyLive__Tokens__KeyDirectory"] = keyDirectory,
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RallyLive.Server.dll"));
        var process = Process.Start(start)!;
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null && Listening().Match(line.Data) is { Success: true } match)
            {
                listening.TrySetResult(match.Groups["url"].Value);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync().ContinueWith(_ => "exited", TaskScheduler.Default);
        var first = await Task.WhenAny(listening.Task, exited).WaitAsync(TimeSpan.FromSeconds(60));
        return first == listening.Task
            ? new ServerProcess(process, await listening.Task)
            : throw new InvalidOperationException($"The server exited with code {process.ExitCode} before it listened.");
    }

    /// <summary>Kills the process at once (SIGKILL on Linux): no shutdown, no flush, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    /// <summary>A port of 127.0.0.1 that was free a moment ago, for a server that must come back on the same address.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex(@"RallyLive is running at (?<url>http://\S+)")]
    private static partial Regex Listening();
}
