using System.Diagnostics;

namespace RallyLive.Persistence.Tests;

/// <summary>This test assembly started again as a process of its own (see <see cref="Program"/>), its output read line by line.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process) => _process = process;

    /// <summary>Starts the child; <paramref name="onLine"/> sees each line it prints, on a reader thread.</summary>
    public static ChildProcess Start(Action<string> onLine, params string[] args)
    {
        var assembly = typeof(Program).Assembly.Location;
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assembly);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                onLine(line.Data);
            }
        };
        process.ErrorDataReceived += (_, _) => { };
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Completes when the child exits: a test waits on this with <paramref name="what"/> alongside, so a dead child fails it at once.</summary>
    public async Task WaitAsync(Task what, TimeSpan timeout)
    {
        var first = await Task.WhenAny(what, _exited.Task).WaitAsync(timeout);
        if (first != what)
        {
            throw new InvalidOperationException($"The child process exited with code {_process.ExitCode} first.");
        }

        await what;
    }

    public Task WriteLineAsync(string line) => _process.StandardInput.WriteLineAsync(line);

    /// <summary>Kills the process at once (SIGKILL on Linux): no shutdown, no flush, as in a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
    }

    public Task ExitAsync() => _process.WaitForExitAsync();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }
}
