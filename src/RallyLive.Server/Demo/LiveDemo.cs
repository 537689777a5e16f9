using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using RallyLive.Simulator.CommandLine;
using RallyLive.Simulator.Protocol;
using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Server.Demo;

/// <summary>One demo rally: its scenario, the rally the simulator created, where to look, and what the crowd did.</summary>
public sealed record DemoRun(Scenario Scenario, SimulatedRally Rally, DemoLinks Links, SimulationResult Result, IReadOnlyList<NarrativeState> Narratives);

/// <summary>
/// The built-in demo: once the server listens, it creates the scenarios' rallies and plays their crowds against the
/// server itself over loopback (the same simulator the load tests use), prints where to look and the keys, then a
/// progress line every few seconds. A demo that cannot run says why and leaves the server running.
/// </summary>
public sealed partial class LiveDemo(IServer server, IHostApplicationLifetime lifetime, IOptions<DemoOptions> options, ILogger<LiveDemo> logger)
    : BackgroundService
{
    private readonly TaskCompletionSource<IReadOnlyList<DemoRun>> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _playing = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when every demo rally has played to its end, with what each crowd did.</summary>
    public Task<IReadOnlyList<DemoRun>> Completion => _completion.Task;

    /// <summary>Completes when the demo rallies exist and their crowds start to play.</summary>
    public Task Playing => _playing.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // The crowd leaves as soon as the server starts to stop: the web server stops before this service does, and
        // it would otherwise wait for the simulated viewers' connections, which keep reconnecting.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, lifetime.ApplicationStopping);
        try
        {
            await WhenListening(stopping.Token);
            _completion.TrySetResult(await RunAsync(ServerAddress(), stopping.Token));
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            _completion.TrySetCanceled(stopping.Token);
        }
        catch (Exception exception) when (exception is ScenarioException or ServerUnavailableException or ApiCallException)
        {
            LogDemoFailed(logger, exception.Message);
            _completion.TrySetException(exception);
        }
    }

    private async Task<IReadOnlyList<DemoRun>> RunAsync(Uri address, CancellationToken stoppingToken)
    {
        var demo = options.Value;
        var scenarios = (demo.Scenarios.Count > 0 ? demo.Scenarios : [.. DemoOptions.BuiltIn])
            .Select(path => ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, path)))
            .ToList();
        var simulations = new List<(Scenario Scenario, CrowdSimulation Simulation, DemoLinks Links)>();
        try
        {
            foreach (var scenario in scenarios)
            {
                var simulation = await CrowdSimulation.CreateRallyAsync(scenario, new SimulationOptions(address) { Viewers = demo.Viewers, Speed = demo.Speed, Seed = demo.Seed }, stoppingToken);
                simulations.Add((scenario, simulation, DemoLinks.For(address, simulation.Rally, scenario)));
            }

            foreach (var (scenario, simulation, links) in simulations)
            {
                WriteWhereToLook(scenario, simulation, links);
            }

            var runs = simulations.Select(s => s.Simulation.RunAsync(null, stoppingToken)).ToList();
            _playing.TrySetResult();
            await ReportProgressAsync(simulations, Task.WhenAll(runs), stoppingToken);
            var results = await Task.WhenAll(runs);
            var done = new List<DemoRun>();
            for (var i = 0; i < simulations.Count; i++)
            {
                var (scenario, simulation, links) = simulations[i];
                done.Add(new DemoRun(scenario, simulation.Rally, links, results[i], await simulation.GetNarrativesAsync(stoppingToken)));
            }

            WriteSummaries(done);
            return done;
        }
        finally
        {
            foreach (var (_, simulation, _) in simulations)
            {
                await simulation.DisposeAsync();
            }
        }
    }

    private static void WriteWhereToLook(Scenario scenario, CrowdSimulation simulation, DemoLinks links)
    {
        Console.WriteLine();
        Console.WriteLine($"Demo rally \"{scenario.Rally.Title}\" ({simulation.Rally.RallyId}): {scenario.Name}, with a simulated crowd");
        Console.WriteLine($"  control panel:    {links.ControlPanel}");
        Console.WriteLine($"  moderator console: {links.ModeratorConsole}");
        foreach (var (stream, url) in links.ViewerPages)
        {
            Console.WriteLine($"  watch {stream}: {url}");
        }

        Console.WriteLine($"  report:           {links.Report}");
        Console.WriteLine($"  organiser key:    {simulation.Rally.OrganiserKey}");
        Console.WriteLine($"  moderator key:    {simulation.Rally.ModeratorKey}");
    }

    /// <summary>A line per rally every <see cref="DemoOptions.ProgressEvery"/> until the runs end or the server stops.</summary>
    private async Task ReportProgressAsync(List<(Scenario Scenario, CrowdSimulation Simulation, DemoLinks Links)> simulations, Task runs, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ProgressEvery);
        while (!runs.IsCompleted)
        {
            // A stopping server cancels the wait for the next tick: that ends the reports, it does not make another one due.
            var tick = timer.WaitForNextTickAsync(stoppingToken).AsTask();
            if (await Task.WhenAny(runs, tick) != tick || !tick.IsCompletedSuccessfully)
            {
                return;
            }

            foreach (var (scenario, simulation, _) in simulations)
            {
                Console.WriteLine($"[demo] {scenario.Rally.Title}: {RunReport.ProgressLine(simulation.Progress)}");
            }
        }
    }

    private static void WriteSummaries(List<DemoRun> runs)
    {
        foreach (var run in runs)
        {
            Console.WriteLine($"[demo] {run.Scenario.Rally.Title} has ended; its report: {run.Links.Report}");
            RunReport.WriteSummary(Console.Out, run.Result);
            RunReport.WriteNarratives(Console.Out, run.Narratives, run.Result);
        }
    }

    private Task WhenListening(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        return started.Task.WaitAsync(stoppingToken);
    }

    /// <summary>The server's own address, over loopback when it listens on every interface.</summary>
    private Uri ServerAddress()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault(a => a.StartsWith("http://", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("The demo needs the server to listen on an http:// address.");
        var uri = new UriBuilder(address);
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "+" or "*")
        {
            uri.Host = "127.0.0.1";
        }

        return uri.Uri;
    }

    [LoggerMessage(1, LogLevel.Error, "The demo could not run: {Reason}")]
    private static partial void LogDemoFailed(ILogger logger, string reason);
}
