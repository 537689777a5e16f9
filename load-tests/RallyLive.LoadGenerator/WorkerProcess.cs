using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>A process of this same program (a <c>crowd-worker</c>, an <c>attacker</c>), asked one request at a time over its standard input.</summary>
internal sealed class WorkerProcess(Process process) : IAsyncDisposable
{
    private readonly SemaphoreSlim _turn = new(1, 1);

    public int Pid => process.Id;

    /// <summary>Viewers the worker holds, as of its last answer to a join.</summary>
    public int Viewers { get; private set; }

    /// <summary>A <c>crowd-worker</c> holding a share of <paramref name="rally"/>'s viewers, its sockets bound to 127.0.0.<paramref name="sourceAddress"/>.</summary>
    public static WorkerProcess StartCrowdWorker(string nodes, RallyHandle rally, byte sourceAddress) =>
        Start(["crowd-worker", "--url", nodes, "--rally", rally.RallyId, "--key", rally.OrganiserKey, "--source-address", sourceAddress.ToString(CultureInfo.InvariantCulture),
            "--client-tick-s", ConnectionFactory.ClientTick.TotalSeconds.ToString(CultureInfo.InvariantCulture)]);

    /// <summary>
    /// Starts this program with <paramref name="arguments"/> (a command and its options). <paramref name="lowestPriority"/>
    /// runs it under <c>nice -n 19</c>, every thread of it: a stand-in for a machine of its own, whose CPU is not taken
    /// from the processes it is measured beside.
    /// </summary>
    public static WorkerProcess Start(IReadOnlyList<string> arguments, bool lowestPriority = false)
    {
        // Run as "dotnet RallyLive.LoadGenerator.dll" or as its own executable: start the worker the same way.
        var host = Environment.ProcessPath!;
        var command = new List<string>();
        if (lowestPriority)
        {
            command.AddRange(["nice", "-n", "19"]);
        }

        command.Add(host);
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            command.Add(typeof(WorkerProcess).Assembly.Location);
        }

        command.AddRange(arguments);
        var start = new ProcessStartInfo(command[0]) { RedirectStandardInput = true, RedirectStandardOutput = true };
        foreach (var argument in command.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        return new WorkerProcess(Process.Start(start)!);
    }

    /// <summary>Sends one request and reads its answer (the first line of JSON; the worker's other output is passed over).</summary>
    public async Task<JsonElement> AskAsync(string request)
    {
        await _turn.WaitAsync();
        try
        {
            await process.StandardInput.WriteLineAsync(request);
            await process.StandardInput.FlushAsync();
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                if (line.StartsWith('{'))
                {
                    var answer = JsonDocument.Parse(line).RootElement;
                    if (answer.TryGetProperty("viewers", out var viewers))
                    {
                        Viewers = viewers.GetInt32();
                    }

                    return answer;
                }
            }

            throw new InvalidOperationException($"crowd worker {process.Id} ended (exit code {(process.HasExited ? process.ExitCode : -1)})");
        }
        finally
        {
            _turn.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        process.StandardInput.Close();
        try
        {
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
        }

        process.Dispose();
    }
}
