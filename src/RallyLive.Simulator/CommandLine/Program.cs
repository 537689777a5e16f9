namespace RallyLive.Simulator.CommandLine;

/// <summary>The simulator's entry point: runs <see cref="SimulatorCommand"/>; Ctrl+C stops the run (exit code 130).</summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        using var cancel = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        return await SimulatorCommand.RunAsync(args, Console.Out, Console.Error, cancel.Token);
    }
}
