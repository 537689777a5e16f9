using System.Globalization;
using RallyLive.Simulator.Protocol;
using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Simulator.CommandLine;

/// <summary>
/// The simulator's command line: <c>--server URL --scenario FILE [--viewers N] [--speed X] [--seed N]</c>. Exit codes:
/// 0 every call went through, 1 some calls were refused or failed, 2 a usage or scenario error, 3 no server answers at
/// the URL, 130 cancelled (Ctrl+C).
/// </summary>
public static class SimulatorCommand
{
    public const int Ok = 0, CallsFailed = 1, UsageError = 2, ServerUnavailable = 3, Cancelled = 130;

    public const string Usage = """
        Usage: RallyLive.Simulator --server URL --scenario FILE [--viewers N] [--speed X] [--seed N] [--progress-every SECONDS]
          --server      a RallyLive server, e.g. http://127.0.0.1:5000
          --scenario    a scenario file (JSON; see docs/scenarios.md)
          --viewers     the audience (default: the scenario's own)
          --speed       how many times faster than real time to play (default 1; keep 1 to judge the crowd's signals)
          --seed        the seed of the crowd's choices (default 1)
          --progress-every  seconds between progress lines (default 5)
        """;

    /// <summary>Runs the command with <paramref name="args"/>, writing progress and the summary to <paramref name="output"/>.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        if (args is ["--help"] or ["-h"])
        {
            await output.WriteLineAsync(Usage);
            return Ok;
        }

        if (Parse(args, out var problems) is not { } command)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync(problem);
            }

            await error.WriteLineAsync(Usage);
            return UsageError;
        }

        Scenario scenario;
        try
        {
            scenario = ScenarioFile.Load(command.ScenarioFile);
        }
        catch (ScenarioException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return UsageError;
        }

        try
        {
            await using var simulation = await CrowdSimulation.CreateRallyAsync(scenario, command.Options, cancellationToken);
            await output.WriteLineAsync(string.Format(CultureInfo.InvariantCulture, "Playing \"{0}\" on {1}: rally {2}, {3} viewers at speed {4}",
                scenario.Name, command.Options.Server, simulation.Rally.RallyId, command.Options.Viewers ?? scenario.Viewers, command.Options.Speed));
            await output.WriteLineAsync($"  organiser key: {simulation.Rally.OrganiserKey}");
            await output.WriteLineAsync($"  moderator key: {simulation.Rally.ModeratorKey}");
            var result = await simulation.RunAsync(new ProgressPrinter(output, command.ProgressEvery), cancellationToken);
            RunReport.WriteSummary(output, result);
            RunReport.WriteNarratives(output, await simulation.GetNarrativesAsync(cancellationToken), result);
            return result.Refusals + result.ConnectionFailures > 0 ? CallsFailed : Ok;
        }
        catch (ServerUnavailableException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return ServerUnavailable;
        }
        catch (ApiCallException exception)
        {
            await error.WriteLineAsync(exception.Message);
            return CallsFailed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await error.WriteLineAsync("Cancelled.");
            return Cancelled;
        }
    }

    private static readonly string[] Known = ["--server", "--scenario", "--viewers", "--speed", "--seed", "--progress-every"];
    private static readonly string[] Required = ["--server", "--scenario"];

    private static Command? Parse(string[] args, out List<string> problems)
    {
        problems = [];
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!Known.Contains(args[i]))
            {
                problems.Add($"unknown argument '{args[i]}'");
            }
            else if (i + 1 >= args.Length)
            {
                problems.Add($"{args[i]} needs a value");
            }
            else
            {
                values[args[i]] = args[++i];
            }
        }

        foreach (var required in Required.Where(r => !values.ContainsKey(r)))
        {
            problems.Add($"{required} is required");
        }

        var server = values.TryGetValue("--server", out var url) && Uri.TryCreate(url, UriKind.Absolute, out var parsed) ? parsed : null;
        if (url is not null && server is null)
        {
            problems.Add($"--server: '{url}' is not a URL");
        }

        var viewers = Number<int>("--viewers", NumberStyles.Integer, values, problems, int.TryParse);
        var speed = Number<double>("--speed", NumberStyles.Float, values, problems, double.TryParse) ?? 1;
        var seed = Number<int>("--seed", NumberStyles.Integer, values, problems, int.TryParse) ?? 1;
        var progressEvery = Number<double>("--progress-every", NumberStyles.Float, values, problems, double.TryParse) ?? 5;
        if (progressEvery <= 0)
        {
            problems.Add("--progress-every must be positive");
        }

        if (problems.Count > 0 || server is null)
        {
            return null;
        }

        var options = new SimulationOptions(server) { Viewers = viewers, Speed = speed, Seed = seed };
        problems.AddRange(options.Problems());
        return problems.Count > 0 ? null : new Command(options, values["--scenario"], TimeSpan.FromSeconds(progressEvery));
    }

    private delegate bool TryParse<T>(string text, NumberStyles style, IFormatProvider provider, out T value);

    private static T? Number<T>(string name, NumberStyles style, Dictionary<string, string> values, List<string> problems, TryParse<T> parse)
        where T : struct
    {
        if (!values.TryGetValue(name, out var text))
        {
            return null;
        }

        if (parse(text, style, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        problems.Add($"{name}: '{text}' is not a number");
        return null;
    }

    private sealed record Command(SimulationOptions Options, string ScenarioFile, TimeSpan ProgressEvery);

    /// <summary>Prints a progress line at most every <paramref name="every"/>.</summary>
    private sealed class ProgressPrinter(TextWriter output, TimeSpan every) : IProgress<SimulationProgress>
    {
        private readonly Lock _lock = new();
        private DateTime _last = DateTime.MinValue;

        public void Report(SimulationProgress value)
        {
            lock (_lock)
            {
                if (DateTime.UtcNow - _last < every)
                {
                    return;
                }

                _last = DateTime.UtcNow;
                output.WriteLine(RunReport.ProgressLine(value));
            }
        }
    }
}
