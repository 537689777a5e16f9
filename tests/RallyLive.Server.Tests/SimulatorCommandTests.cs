using System.Diagnostics;
using RallyLive.Simulator.CommandLine;

namespace RallyLive.Server.Tests;

/// <summary>The simulator's command line against a real server, and against an address where nothing answers.</summary>
public sealed class SimulatorCommandTests : IAsyncLifetime
{
    private static readonly string TinyRally = Path.Combine(AppContext.BaseDirectory, "TestScenarios", "tiny-rally.json");

    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ShortRun_PlaysTheScenario_ExitsZero_AndPrintsTheSummary()
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        var exit = await SimulatorCommand.RunAsync(["--server", _server.BaseUrl, "--scenario", TinyRally, "--seed", "4"], output, error, CancellationToken.None);

        var printed = output.ToString();
        Assert.True(exit == SimulatorCommand.Ok, $"exit {exit}: {error}{printed}");
        Assert.Empty(error.ToString());
        Assert.Contains("rally time ", printed, StringComparison.Ordinal);
        Assert.Contains("20 viewers joined", printed, StringComparison.Ordinal);
        Assert.Matches(@"poll ""First rally\?"" \(Opening\): 20 votes counted of 20 planned", printed);
        Assert.Matches(@"Yes +14 +\(planned 14\)", printed);
        Assert.Contains("narratives the organiser sees: 0", printed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancelled_WhileTheCrowdPlays_ExitsWith130()
    {
        using var cancel = new CancellationTokenSource();
        var output = new SignallingWriter("Playing \"Tiny rally\"");
        var error = new StringWriter();

        var run = SimulatorCommand.RunAsync(["--server", _server.BaseUrl, "--scenario", TinyRally], output, error, cancel.Token);
        await output.Signalled.WaitAsync(TimeSpan.FromMinutes(1));
        await cancel.CancelAsync();

        Assert.Equal(SimulatorCommand.Cancelled, await run.WaitAsync(TimeSpan.FromMinutes(1)));
        Assert.Equal("Cancelled.", error.ToString().Trim());
    }

    [Fact]
    public async Task ServerThatDoesNotAnswer_ExitsThree_WithOneLineNamingTheUrl_AndNoStackTrace()
    {
        var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "RallyLive.Simulator.dll"), "--server", url, "--scenario", TinyRally })
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));

        var line = Assert.Single((await error).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(SimulatorCommand.ServerUnavailable, process.ExitCode);
        Assert.StartsWith($"No RallyLive server answers at {url}/", line, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", line, StringComparison.Ordinal);
        Assert.Empty(await output);
    }

    /// <summary>A writer that signals when a line starting with <paramref name="prefix"/> is written.</summary>
    private sealed class SignallingWriter(string prefix) : StringWriter
    {
        private readonly TaskCompletionSource _signalled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Signalled => _signalled.Task;

        public override Task WriteLineAsync(string? value)
        {
            Signal(value);
            return base.WriteLineAsync(value);
        }

        public override void WriteLine(string? value)
        {
            Signal(value);
            base.WriteLine(value);
        }

        private void Signal(string? value)
        {
            if (value?.StartsWith(prefix, StringComparison.Ordinal) == true)
            {
                _signalled.TrySetResult();
            }
        }
    }
}
