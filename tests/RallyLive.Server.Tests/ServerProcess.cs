using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace RallyLive.Server.Tests;

/// <summary>
/// The server as its own process (the built RallyLive.Server.dll beside the tests), on 127.0.0.1 and a free port,
/// with the settings a test gives it as environment variables, so that a test can stop it, kill it outright and start
/// it again, or start several nodes of a cluster.
/// </summary>
public sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output;

    private ServerProcess(Process process, ConcurrentQueue<string> output, string baseUrl)
    {
        _process = process;
        _output = output;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>The last lines the process wrote (standard output and error), for a test's output when it fails.</summary>
    public string LastLines => string.Join(Environment.NewLine, _output);

    /// <summary>Whether the process has ended (stopped, killed or crashed).</summary>
    public bool HasExited => _process.HasExited;

    /// <summary>Starts the embedded single node over a data file and key folder, on <paramref name="url"/> (by default a free port of 127.0.0.1).</summary>
    public static Task<ServerProcess> StartAsync(string dataFile, string keyDirectory, string url = "http://127.0.0.1:0", int? openFiles = null) =>
        StartAsync(new Dictionary<string, string>
        {
            ["Grains__Storage__Default__DataSource"] = dataFile,
            ["RallyLive__Tokens__KeyDirectory"] = keyDirectory,
        }, url, openFiles);

    /// <summary>
    /// Starts the server with <paramref name="settings"/> as environment variables (<c>Section__Key</c>) and completes
    /// when it listens and has printed the whole of its banner (so <see cref="LastLines"/> holds it); if it exits first, throws with its exit code and the last lines it wrote. With
    /// <paramref name="openFiles"/>, the process may open only that many files (<c>prlimit --nofile</c>, as
    /// <c>ulimit -n</c> would).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(IReadOnlyDictionary<string, string> settings, string url = "http://127.0.0.1:0", int? openFiles = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var start = new ProcessStartInfo(openFiles is null ? "dotnet" : "prlimit")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Urls"] = url,
            },
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        if (openFiles is { } limit)
        {
            start.ArgumentList.Add(FormattableString.Invariant($"--nofile={limit}:{limit}"));
            start.ArgumentList.Add("dotnet"); // prlimit runs it in its own place: the process is the server's
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RallyLive.Server.dll"));
        var process = Process.Start(start)!;
        var output = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        string? listeningAt = null;
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is null)
            {
                return;
            }

            Keep(output, line.Data);
            if (Listening().Match(line.Data) is { Success: true } match)
            {
                listeningAt = match.Groups["url"].Value;
            }
            else if (listeningAt is not null && line.Data.StartsWith(BannerEnd, StringComparison.Ordinal))
            {
                // The banner's lines arrive one by one: a test that reads it waits for its last.
                listening.TrySetResult(listeningAt);
            }
        };
        process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                Keep(output, line.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(listening.Task, exited).WaitAsync(StartTimeout);
        if (first == listening.Task)
        {
            return new ServerProcess(process, output, await listening.Task);
        }

        await exited;
        process.WaitForExit(); // the last lines of output arrive after the exit itself
        var (exitCode, lastLines) = (process.ExitCode, string.Join(Environment.NewLine, output));
        process.Dispose();
        throw new ServerExitedException($"The server exited with code {exitCode} before it listened. Its last lines:{Environment.NewLine}{lastLines}", lastLines);
    }

    /// <summary>Asks the process to stop (SIGTERM, as systemd or Kubernetes would) and waits until it has.</summary>
    public async Task StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
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

    /// <summary>Keeps the last 200 lines, for the message of a failed start.</summary>
    private static void Keep(ConcurrentQueue<string> output, string line)
    {
        output.Enqueue(line);
        while (output.Count > 200 && output.TryDequeue(out _))
        {
        }
    }

    /// <summary>The start of the banner's last line (<c>StartupBanner</c>).</summary>
    private const string BannerEnd = "The contract is in docs/protocol.md.";

    [GeneratedRegex(@"RallyLive is running at (?<url>http://\S+)")]
    private static partial Regex Listening();
}

/// <summary>The server process ended before it listened; <see cref="Output"/> holds its last lines.</summary>
public sealed class ServerExitedException(string message, string output) : Exception(message)
{
    public string Output { get; } = output;
}
