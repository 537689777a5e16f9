using System.Globalization;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Commands: <c>suite</c> runs the standard load tests and writes their figures; <c>verify-poll</c> checks a poll's
/// tallies again (after a restart of the server); <c>soak</c> holds a crowd with steady traffic and samples it;
/// <c>hostile</c> measures an honest crowd alone and beside one attacker (<c>attacker</c>, which it starts itself); <c>overload</c> one crowd beyond what the node
/// sustains, with chat and votes; <c>spread-fanout</c> the fan-out step-up with a crowd held by several processes
/// (<c>crowd-worker</c>, which it starts itself), for more viewers than one process may open sockets for, and
/// <c>spread-poll</c> the poll burst the same way.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0)
        {
            await Console.Error.WriteLineAsync("usage: RallyLive.LoadGenerator suite|fanout|ingest|spread-fanout|poll|spread-poll|verify-poll|soak|hostile|overload --option value …");
            return 2;
        }

        var options = Options(args.Skip(1).ToArray());
        if (options.TryGetValue("client-tick-s", out var tick))
        {
            ConnectionFactory.ClientTick = TimeSpan.FromSeconds(double.Parse(tick, CultureInfo.InvariantCulture));
        }

        var files = FileLimits.Raise(400_000);
        Console.WriteLine($"open files limit: {files:N0}");
        ThreadPool.SetMinThreads(64, 64);
        try
        {
            return await RunAsync(args[0], options);
        }
        catch (MeasuredProcessGoneException gone)
        {
            await Console.Error.WriteLineAsync($"error: {gone.Message}");
            return 3;
        }
    }

    private static async Task<int> RunAsync(string command, Dictionary<string, string> options)
    {
        switch (command)
        {
            case "suite":
                return await SuiteAsync(options);
            case "fanout":
                return await FanOutAsync(options);
            case "ingest":
                return await IngestAsync(options);
            case "spread-fanout":
                return await SpreadCrowd.RunAsync(options);
            case "spread-poll":
                return await SpreadPoll.RunAsync(options);
            case "crowd-worker":
                return await CrowdWorker.RunAsync(options);
            case "poll":
                return await PollAsync(options);
            case "verify-poll":
                return await VerifyPollAsync(options);
            case "soak":
                return await Soak.RunAsync(options);
            case "hostile":
                return await Hostile.RunAsync(options);
            case "attacker":
                return await Hostile.AttackAsync(options);
            case "overload":
                return await Overload.RunAsync(options);
            default:
                await Console.Error.WriteLineAsync($"unknown command {command}");
                return 2;
        }
    }

    private static async Task<int> SuiteAsync(Dictionary<string, string> options)
    {
        var baselines = new List<BaselineTarget>();
        if (options.TryGetValue("l0", out var l0))
        {
            baselines.Add(new BaselineTarget("L0", new Uri(l0), "/l0", options.Int("l0-pid")));
        }

        if (options.TryGetValue("naive", out var naive))
        {
            baselines.Add(new BaselineTarget("N", new Uri(naive), "/naive", options.Int("naive-pid")));
        }

        var suiteOptions = new SuiteOptions(new Uri(options["server"]), options.Int("server-pid"), baselines, options["out"], options.GetValueOrDefault("node-dir"))
        {
            Levels = options.TryGetValue("levels", out var levels) ? [.. levels.Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))] : new SuiteOptions(null!, 0, [], "", null).Levels,
            ServerBudget = TimeSpan.FromSeconds(options.TryGetValue("server-budget-s", out var s) ? int.Parse(s, CultureInfo.InvariantCulture) : 270),
            Scale = options.TryGetValue("scale", out var scale) ? double.Parse(scale, CultureInfo.InvariantCulture) : 1,
            BaselineBudget = TimeSpan.FromSeconds(options.TryGetValue("baseline-budget-s", out var b) ? int.Parse(b, CultureInfo.InvariantCulture) : 120),
            PollVoters = options.TryGetValue("poll-voters", out var voters) ? int.Parse(voters, CultureInfo.InvariantCulture) : 19_000,
        };
        await using var suite = new Suite(suiteOptions, Console.Out);
        try
        {
            await suite.RunAsync();
        }
        finally
        {
            ReportWriter.Write(suiteOptions.OutputDirectory, suite.Results, suite.Poll);
        }

        return 0;
    }

    /// <summary>
    /// The fan-out step-up against one target only (l0, naive or the server), for a look at one of them. The server
    /// may be a cluster: <c>--url</c> and <c>--pid</c> list its nodes (comma-separated), and <c>--name</c> labels it.
    /// </summary>
    private static async Task<int> FanOutAsync(Dictionary<string, string> options)
    {
        var url = options.Urls()[0];
        var target = SideBySideTarget(options);
        var suiteOptions = new SuiteOptions(url, 0, [], options.GetValueOrDefault("out", "."), options.GetValueOrDefault("node-dir"))
        {
            Levels = [.. options["levels"].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))],
        };
        await using var suite = new Suite(suiteOptions, Console.Out);
        await (await suite.FanOutStepUpAsync(target, TimeSpan.FromMinutes(10), withReactionRateSweep: false)).CloseAsync();
        return 0;
    }

    /// <summary>The target of a side-by-side run: <c>--target l0|naive</c> (a baseline) or RallyLive (any other value).</summary>
    private static Target SideBySideTarget(Dictionary<string, string> options)
    {
        var urls = options.Urls();
        return options["target"] switch
        {
            "l0" => new BaselineTarget("L0", urls[0], "/l0", options.Int("pid")),
            "naive" => new BaselineTarget("N", urls[0], "/naive", options.Int("pid")),
            _ => new RallyLiveTarget(options.GetValueOrDefault("name", "RallyLive"), urls, options.Processes()),
        };
    }

    /// <summary>The ingest step-up alone against one target (<c>--target l0|naive|server</c>), on a crowd of <c>--viewers</c>.</summary>
    private static async Task<int> IngestAsync(Dictionary<string, string> options)
    {
        var url = options.Urls()[0];
        var suiteOptions = new SuiteOptions(url, 0, [], options.GetValueOrDefault("out", "."), null);
        await using var suite = new Suite(suiteOptions, Console.Out);
        await suite.IngestAloneAsync(SideBySideTarget(options), options.Int("viewers"));
        return 0;
    }

    /// <summary>The poll burst alone: a crowd of <c>--voters</c> viewers on a new rally votes within 2 s; writes poll.json for verify-poll.</summary>
    private static async Task<int> PollAsync(Dictionary<string, string> options)
    {
        var server = new RallyLiveTarget(new Uri(options["server"]), options.Int("server-pid"));
        var suiteOptions = new SuiteOptions(server.BaseUrl, server.Process.Pid, [], options["out"], null);
        await using var suite = new Suite(suiteOptions, Console.Out);
        var crowd = new Crowd(server, await server.CreateRallyAsync(suite.Http, 0), new LoadTotals());
        try
        {
            await crowd.AddViewersAsync(options.Int("voters"), suite.Factory, suite.Http);
        }
        catch (LoadCallException exception)
        {
            Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss}   {exception.Message}");
        }

        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss}   {crowd.Viewers.Count:N0} viewers joined");
        var poll = await suite.PollBurstAsync(server, crowd, crowd.Viewers.Count);
        ReportWriter.Write(suiteOptions.OutputDirectory, suite.Results, poll);
        Console.WriteLine(File.ReadAllText(Path.Combine(suiteOptions.OutputDirectory, "scenarios.md")));
        return poll.Expected.SequenceEqual(poll.Tallies) ? 0 : 1;
    }

    /// <summary>Reads a poll's tallies as the organiser and compares them with the acknowledged votes; prints one line of the report.</summary>
    private static async Task<int> VerifyPollAsync(Dictionary<string, string> options)
    {
        var poll = JsonSerializer.Deserialize<PollOutcome>(await File.ReadAllTextAsync(options["poll-file"]), PollOutcome.Json)!;
        var target = new RallyLiveTarget(new Uri(options.GetValueOrDefault("server", poll.BaseUrl)), 0);
        await using var factory = new ConnectionFactory();
        await using var organiser = await factory.ConnectAsync(target.OrganiserHubUrl(new RallyHandle(poll.RallyId, poll.OrganiserKey)), null);
        var tallies = await organiser.TalliesAsync(poll.PollId);
        var same = tallies.SequenceEqual(poll.Expected);
        Console.WriteLine(same
            ? $"After `kill -9` of the server and a restart on the same data file, the poll's tallies are {string.Join('/', tallies)}: exactly the {poll.Expected.Sum():N0} acknowledged votes (**durable**)."
            : $"After `kill -9` and a restart the poll's tallies are {string.Join('/', tallies)}, but {string.Join('/', poll.Expected)} votes were acknowledged (**not durable**).");
        return same ? 0 : 1;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
