using System.Diagnostics;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// The standard suite: every scenario of the load tests against RallyLive, and the fan-out step-up against the two
/// baselines (L0, the raw WebSocket limit, and N, the naive relay), each step bounded in time.
/// </summary>
internal sealed class Suite(SuiteOptions options, TextWriter log) : IAsyncDisposable
{
    /// <summary>Reaction-to-viewer latency the step-up search keeps under.</summary>
    public const double StepUpP99LimitMs = 250;

    /// <summary>The reaction-to-viewer p99 of issue 7's target, which includes the wait for the next 250 ms tick.</summary>
    public const double ReactionP99TargetMs = 500;

    private static readonly TimeSpan TrafficWindow = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Probe reactions a second in a fan-out window: every viewer sees each one, so each probe is a share of the samples;
    /// at one a second a window held 15 and the p99 was the slowest probe's, one pause deciding a step. They come from
    /// viewers in turn, since one viewer's calls queue behind each other.
    /// </summary>
    private const double ProbesPerSecond = 10;
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    private static readonly int[] IngestSteps = [1_000, 2_000, 5_000, 10_000, 19_000];

    private readonly ConnectionFactory _factory = new();
    private readonly HttpClient _http = CommandLine.Http();
    private readonly LoadTotals _totals = new();
    private readonly NodeClients _node = new(options.NodeDirectory);

    public List<ScenarioResult> Results { get; } = [];

    public ConnectionFactory Factory => _factory;

    public HttpClient Http => _http;

    public PollOutcome? Poll { get; private set; }

    public async Task RunAsync()
    {
        var server = new RallyLiveTarget(options.Server, options.ServerPid);
        var crowd = await FanOutStepUpAsync(server, options.ServerBudget, withReactionRateSweep: true);
        // The poll burst and the ingest step-up want the target's 20,000 viewers, as many as this machine allows.
        if (crowd.Viewers.Count < options.PollVoters)
        {
            Log($"topping the crowd up to {options.PollVoters:N0} viewers for the poll burst and ingest");
            try
            {
                await crowd.AddViewersAsync(options.PollVoters - crowd.Viewers.Count, _factory, _http);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log($"  stopped at {crowd.Viewers.Count:N0} viewers: {exception.Message}");
            }
        }

        Poll = await PollBurstAsync(server, crowd, Math.Min(crowd.Viewers.Count, options.PollVoters));
        await IngestStepUpAsync(crowd, TimeSpan.FromSeconds(100));
        await crowd.CloseAsync();
        await ChatAsync(server, viewers: Scaled(2_000), messagesPerViewerPerMinute: 1, TimeSpan.FromSeconds(20));
        await ChurnAsync(server, connectsPerSecond: Scaled(100), hold: TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20));
        await ManyRalliesAsync(server, rallies: Scaled(1_000), viewersPerRally: 5, reactionsPerRallyPerSecond: 2, TimeSpan.FromSeconds(20));
        foreach (var baseline in options.Baselines)
        {
            var baselineCrowd = await FanOutStepUpAsync(baseline, options.BaselineBudget, withReactionRateSweep: false);
            await baselineCrowd.CloseAsync();
        }
    }

    /// <summary>
    /// One rally, viewers added in steps: at each step the connections are first held idle (server memory per
    /// connection), then the crowd reacts for a window at a fixed rate per viewer while the stream sends its frames;
    /// the step-up stops at the first step whose p99 passes <see cref="StepUpP99LimitMs"/>, that loses a message,
    /// or when the time budget is spent.
    /// </summary>
    public async Task<Crowd> FanOutStepUpAsync(Target target, TimeSpan budget, bool withReactionRateSweep)
    {
        var started = Stopwatch.GetTimestamp();
        Log($"fan-out step-up against {target.Name}, budget {budget.TotalSeconds:0} s");
        var rssBefore = target.Process.ResidentBytes();
        var (previousRss, previousLevel) = (rssBefore, 0);
        var crowd = new Crowd(target, await target.CreateRallyAsync(_http, 0), _totals, maxProbes: 16_384);
        foreach (var level in options.Levels)
        {
            if (Stopwatch.GetElapsedTime(started) > budget)
            {
                Log($"  budget spent before {level:N0} viewers");
                break;
            }

            try
            {
                await crowd.AddViewersAsync(level - crowd.Viewers.Count, _factory, _http);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Log($"  could not open {level:N0} connections: {exception.Message}");
                Results.Add(new ScenarioResult("idle", target.Name, crowd.Viewers.Count, 0, 0, 0, 0, "none", LatencySummary.None, 0, 0, 1, $"opening {level:N0} failed: {exception.Message}"));
                break;
            }

            await Task.Delay(Settle);
            var rss = target.Process.ResidentBytes();
            var memoryPerConnection = (rss - rssBefore) / 1024.0 / level;
            var added = level - previousLevel;
            var marginal = (rss - previousRss) / 1024.0 / added;
            (previousRss, previousLevel) = (rss, level);
            var idle = new Measurement(target, _totals);
            await Task.Delay(Settle);
            Results.Add(new ScenarioResult("idle", target.Name, level, idle.Seconds, idle.Delivered, idle.CpuSeconds, memoryPerConnection, "none", LatencySummary.None, 0, 0, 0,
                $"RSS {rss / 1048576.0:N0} MiB; the {added:N0} added at this step took {marginal:N1} KiB each") { MarginalMemoryPerConnectionKiB = marginal, GeneratorCpuSeconds = idle.GeneratorCpuSeconds });
            Log($"  {level:N0} viewers idle: {memoryPerConnection:N1} KiB per connection ({marginal:N1} KiB for those added)");

            if (withReactionRateSweep && level == options.Levels[0])
            {
                foreach (var perMinute in new[] { 1, 10 })
                {
                    var sweep = await ReactionWindowAsync(crowd, perMinute, memoryPerConnection) with { Scenario = "fan-out, reaction rate sweep" };
                    Results.Add(sweep);
                    Log($"  {level:N0} viewers at {perMinute}/min: p99 {sweep.Latency.P99Ms:N1} ms, delivery p99 {sweep.FrameLatency?.P99Ms:N1} ms, {sweep.DeliveredPerCpuSecond:N0} delivered per CPU-s");
                }
            }

            var step = await ReactionWindowAsync(crowd, options.ReactionsPerViewerPerMinute, memoryPerConnection);
            Results.Add(step);
            Log($"  {level:N0} viewers at {options.ReactionsPerViewerPerMinute}/min: p99 {step.Latency.P99Ms:N1} ms, delivery p99 {step.FrameLatency?.P99Ms:N1} ms, {step.DeliveredPerCpuSecond:N0} delivered per CPU-s, server {step.CpuPerSecond:N2} CPU-s/s, lost {step.Lost}, duplicated {step.Duplicated}");
            if (!WithinLimits(step))
            {
                break;
            }
        }

        return crowd;
    }

    /// <summary>A step passes when frames reach viewers within 250 ms at p99 (from the tick), reactions within 500 ms (from the scheduled send), and nothing is lost.</summary>
    public static bool WithinLimits(ScenarioResult step) =>
        step.FrameLatency?.P99Ms < StepUpP99LimitMs && step.Latency.P99Ms < ReactionP99TargetMs && step.Lost == 0 && step.Duplicated == 0;

    /// <summary>The crowd reacts at <paramref name="perViewerPerMinute"/> for one window, with a probe a second and the Node clients alongside.</summary>
    private async Task<ScenarioResult> ReactionWindowAsync(Crowd crowd, int perViewerPerMinute, double memoryPerConnection)
    {
        var viewers = crowd.Viewers.Count;
        crowd.ProbeLatency = new LatencyRecorder();
        crowd.FrameLatency = new LatencyRecorder();
        var (acceptedBefore, errorsBefore) = (crowd.LoadAccepted, crowd.Errors);
        var node = RunNodeClientsAsync(crowd, TrafficWindow.TotalSeconds);
        var measurement = new Measurement(crowd.Target, _totals);
        var rate = viewers * perViewerPerMinute / 60.0;
        var random = new Random(viewers);
        var reactions = ArrivalSchedule.RunAsync(rate, TrafficWindow, (scheduled, k) =>
            _ = crowd.ReactAsync(crowd.Viewers[(int)(k * 7919 % viewers)], 1, scheduled, null));
        var probes = ArrivalSchedule.RunAsync(ProbesPerSecond, TrafficWindow, (scheduled, k) => crowd.ProbeAsync(scheduled, crowd.Viewers[(int)(k * 31 % viewers)]).Forget());
        await Task.WhenAll(reactions, probes);
        await crowd.DrainAsync(TimeSpan.FromSeconds(10));
        var (lost, duplicated, closed) = crowd.Check();
        var result = new ScenarioResult("fan-out", crowd.Target.Name, viewers, measurement.Seconds, measurement.Delivered, measurement.CpuSeconds, memoryPerConnection,
            "reaction to viewer", crowd.ProbeLatency.Summary(), lost, duplicated, crowd.Errors - errorsBefore,
            $"{perViewerPerMinute}/viewer/min ({rate:N0} reactions/s, {crowd.LoadAccepted - acceptedBefore:N0} accepted){(closed > 0 ? $", {closed} connections closed" : "")}{(crowd.OutOfOrder > 0 ? $", {crowd.OutOfOrder:N0} out of order" : "")}{ErrorNote(crowd)}")
        {
            NodeLatency = await node,
            FrameLatency = crowd.FrameLatency.Summary(),
            Rate = rate,
            GeneratorCpuSeconds = measurement.GeneratorCpuSeconds,
        };
        return result;
    }

    private async Task<LatencySummary?> RunNodeClientsAsync(Crowd crowd, double seconds)
    {
        if (!_node.Available || options.NodeClients == 0)
        {
            return null;
        }

        var tokens = await crowd.Target.ViewerTokensAsync(_http, crowd.Rally, 1_000_000, options.NodeClients, 8);
        return await _node.RunAsync([.. tokens.Select(t => crowd.Target.ViewerHubUrl(crowd.Rally, t))], seconds);
    }

    /// <summary>A poll opens and <paramref name="voters"/> viewers vote within two seconds; the tallies must equal the acknowledged votes.</summary>
    public async Task<PollOutcome> PollBurstAsync(RallyLiveTarget target, Crowd crowd, int voters)
    {
        Log($"poll burst: {voters:N0} votes in 2 s");
        await using var organiser = await _factory.ConnectAsync(target.OrganiserHubUrl(crowd.Rally), null);
        await organiser.GoLiveAsync();
        const int options = 4;
        var pollId = await organiser.OpenPollAsync("Which standard?", ["A", "B", "C", "D"]);
        var expected = new int[options];
        var latency = new LatencyRecorder();
        var measurement = new Measurement(target, _totals);
        long errors = 0;
        var votes = new List<Task>(voters);
        await ArrivalSchedule.RunAsync(voters / 2.0, TimeSpan.FromSeconds(2), (scheduled, k) =>
        {
            lock (votes)
            {
                votes.Add(VoteAsync(crowd.Viewers[(int)k], (int)(k % options), scheduled));
            }
        });
        await Task.WhenAll(votes);
        var lastAck = measurement.Seconds;
        var tallies = await organiser.TalliesAsync(pollId);
        var lost = expected.Zip(tallies, (e, t) => Math.Max(0, e - t)).Sum();
        var duplicated = expected.Zip(tallies, (e, t) => Math.Max(0, t - e)).Sum();
        Results.Add(new ScenarioResult("poll burst", target.Name, crowd.Viewers.Count, measurement.Seconds, measurement.Delivered, measurement.CpuSeconds, 0,
            "vote acknowledged", latency.Summary(), lost, duplicated, errors,
            $"{expected.Sum():N0} votes acknowledged, the last {lastAck:N2} s after the first was due; tallies {string.Join('/', tallies)}, expected {string.Join('/', expected)}")
        { Rate = voters / 2.0, GeneratorCpuSeconds = measurement.GeneratorCpuSeconds });
        Log($"  tallies {string.Join('/', tallies)}, expected {string.Join('/', expected)}, last ack at {lastAck:N2} s");
        return new PollOutcome(target.BaseUrl.ToString(), crowd.Rally.RallyId, crowd.Rally.OrganiserKey, pollId, expected, tallies);

        async Task VoteAsync(Viewer viewer, int option, long scheduled)
        {
            try
            {
                Interlocked.Increment(ref expected[await viewer.Connection.VoteAsync(pollId, option)]);
                latency.RecordSince(scheduled);
            }
            catch (LoadCallException exception)
            {
                Interlocked.Increment(ref errors);
                crowd.Failed(exception);
            }
        }
    }

    /// <summary>
    /// The ingest step-up alone, on a new rally of <paramref name="viewers"/> viewers, for a side-by-side look at a
    /// target and a baseline taking the same reactions (<c>load-tests/run-ingest.sh</c>).
    /// </summary>
    public async Task IngestAloneAsync(Target target, int viewers)
    {
        Log($"ingest step-up against {target.Name}, {viewers:N0} viewers");
        var crowd = new Crowd(target, await target.CreateRallyAsync(_http, 0), _totals);
        await crowd.AddViewersAsync(viewers, _factory, _http);
        await Task.Delay(Settle);
        await IngestStepUpAsync(crowd, TimeSpan.FromMinutes(5));
        await crowd.CloseAsync();
    }

    /// <summary>Ever more viewers each send a batch of taps every quarter second (10 taps a second); every viewer must see every accepted tap.</summary>
    public async Task IngestStepUpAsync(Crowd crowd, TimeSpan budget)
    {
        var started = Stopwatch.GetTimestamp();
        var window = TimeSpan.FromSeconds(10);
        foreach (var senders in IngestSteps.Where(s => s <= crowd.Viewers.Count))
        {
            if (Stopwatch.GetElapsedTime(started) > budget)
            {
                break;
            }

            var (acceptedBefore, errorsBefore) = (crowd.LoadAccepted, crowd.Errors);
            var acks = new LatencyRecorder();
            var measurement = new Measurement(crowd.Target, _totals);
            await ArrivalSchedule.RunAsync(senders * 4, window, (scheduled, k) =>
                _ = crowd.ReactAsync(crowd.Viewers[(int)(k % senders)], k / senders % 2 == 0 ? 3 : 2, scheduled, acks));
            var sendSeconds = measurement.Seconds;
            await crowd.DrainAsync(TimeSpan.FromSeconds(15));
            var (lost, duplicated, closed) = crowd.Check();
            var accepted = crowd.LoadAccepted - acceptedBefore;
            var result = new ScenarioResult("ingest", crowd.Target.Name, crowd.Viewers.Count, measurement.Seconds, measurement.Delivered, measurement.CpuSeconds, 0,
                "React acknowledged", acks.Summary(), lost, duplicated, crowd.Errors - errorsBefore,
                $"{senders:N0} senders, {senders * 10:N0} taps/s offered, {accepted / sendSeconds:N0} taps/s accepted{(closed > 0 ? $", {closed} closed" : "")}{ErrorNote(crowd)}")
            { Rate = accepted / sendSeconds, GeneratorCpuSeconds = measurement.GeneratorCpuSeconds };
            Results.Add(result);
            Log($"  ingest {senders:N0} senders: {result.Rate:N0} taps/s, {accepted / result.ServerCpuSeconds:N0} taps per server CPU-s, server {result.ServerCpuSeconds / result.Seconds:N2} CPU-s/s, ack p99 {acks.PercentileMs(99):N1} ms, lost {lost}, duplicated {duplicated}, errors {result.Errors}");
            if (acks.PercentileMs(99) >= StepUpP99LimitMs || lost > 0 || result.Errors > 0)
            {
                break;
            }
        }
    }

    /// <summary>A crowd chatting at a per-viewer rate; each stream's viewers get at most the fan-out cap, and every viewer the same messages.</summary>
    public async Task ChatAsync(RallyLiveTarget target, int viewers, double messagesPerViewerPerMinute, TimeSpan window)
    {
        Log($"chat: {viewers:N0} viewers at {messagesPerViewerPerMinute}/viewer/min");
        var crowd = new Crowd(target, await target.CreateRallyAsync(_http, 1), _totals);
        await crowd.AddViewersAsync(viewers, _factory, _http);
        var rate = viewers * messagesPerViewerPerMinute / 60;
        crowd.Chat = new ChatSchedule((int)(rate * window.TotalSeconds) + 16);
        var measurement = new Measurement(target, _totals);
        await ArrivalSchedule.RunAsync(rate, window, (scheduled, k) => crowd.SendChatAsync(crowd.Viewers[(int)(k * 7919 % viewers)], crowd.Chat.Text((int)k, scheduled)).Forget());
        // Messages still in flight: wait until every open viewer has the same set, or 20 s.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        do
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
        }
        while (DateTime.UtcNow < deadline && crowd.Viewers.Where(v => v.Connection.IsOpen).Select(v => (v.ChatReceived, v.ChatChecksum)).Distinct().Count() > 1);

        // Every viewer of the stream is sent the same messages: the fullest set is the reference, and a viewer with fewer lost some.
        var sets = crowd.Viewers.GroupBy(v => (v.ChatReceived, v.ChatChecksum)).OrderByDescending(g => g.Key.ChatReceived).ToList();
        var most = sets[0].Key.ChatReceived;
        var lost = crowd.Viewers.Sum(v => most - v.ChatReceived);
        var duplicated = crowd.Viewers.Sum(v => v.Duplicates);
        var closed = crowd.Viewers.Count(v => !v.Connection.IsOpen);
        Results.Add(new ScenarioResult("chat", target.Name, viewers, measurement.Seconds, measurement.Delivered, measurement.CpuSeconds, 0, "message to viewer",
            crowd.Chat.Latency.Summary(), lost, duplicated, crowd.Errors,
            $"{rate:N1} messages/s sent ({crowd.ChatAccepted:N0} acknowledged), at most {most:N0} shown to a viewer (cap 20/s, bursts of 40); {sets.Count} distinct sets seen; {closed:N0} connections closed by the server{ErrorNote(crowd)}")
        { Rate = rate, GeneratorCpuSeconds = measurement.GeneratorCpuSeconds });
        Log($"  chat: {most} shown to each viewer of {crowd.ChatAccepted} sent, p99 {crowd.Chat.Latency.PercentileMs(99):N1} ms");
        await crowd.CloseAsync();
    }

    /// <summary>Connections open (handshake and JoinStream), stay a moment and close, at a fixed rate; latency from the scheduled open to the joined stream.</summary>
    public async Task ChurnAsync(RallyLiveTarget target, double connectsPerSecond, TimeSpan hold, TimeSpan window)
    {
        Log($"churn: {connectsPerSecond}/s, each held {hold.TotalSeconds} s");
        var rally = await target.CreateRallyAsync(_http, 2);
        var tokens = await target.ViewerTokensAsync(_http, rally, 0, 200, 16);
        var rssBefore = target.Process.ResidentBytes();
        var latency = new LatencyRecorder();
        var measurement = new Measurement(target, _totals);
        long errors = 0;
        string? firstError = null;
        var sessions = new List<Task>();
        await ArrivalSchedule.RunAsync(connectsPerSecond, window, (scheduled, k) => sessions.Add(SessionAsync((int)k, scheduled)));
        await Task.WhenAll(sessions);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var opened = (long)(connectsPerSecond * window.TotalSeconds);
        var growth = (target.Process.ResidentBytes() - rssBefore) / 1024.0 / opened;
        Results.Add(new ScenarioResult("churn", target.Name, (int)(connectsPerSecond * hold.TotalSeconds), measurement.Seconds, measurement.Delivered, measurement.CpuSeconds, growth,
            "open to joined", latency.Summary(), 0, 0, errors,
            $"{opened:N0} connections opened and closed; server RSS {(growth >= 0 ? "grew" : "shrank")} {Math.Abs(growth):N2} KiB per connection opened{(firstError is null ? "" : $"; first error: {firstError}")}")
        { Rate = connectsPerSecond, GeneratorCpuSeconds = measurement.GeneratorCpuSeconds });
        Log($"  churn: p99 {latency.PercentileMs(99):N1} ms, errors {errors}");

        async Task SessionAsync(int k, long scheduled)
        {
            try
            {
                await using var connection = await _factory.ConnectAsync(target.ViewerHubUrl(rally, tokens[k % tokens.Length]), null);
                await connection.JoinStreamAsync(k);
                latency.RecordSince(scheduled);
                await Task.Delay(hold);
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Interlocked.Increment(ref errors);
                Interlocked.CompareExchange(ref firstError, exception.Message, null);
            }
        }
    }

    /// <summary>Many small rallies at once, each with its own viewers, reactions and probes; every viewer must see its own rally's counts exactly.</summary>
    public async Task ManyRalliesAsync(RallyLiveTarget target, int rallies, int viewersPerRally, double reactionsPerRallyPerSecond, TimeSpan window)
    {
        Log($"many rallies: {rallies:N0} × {viewersPerRally} viewers");
        var rssBefore = target.Process.ResidentBytes();
        var crowds = new Crowd[rallies];
        var probeLatency = new LatencyRecorder();
        var frameLatency = new LatencyRecorder();
        await Parallel.ForAsync(0, rallies, new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, _) =>
        {
            var crowd = new Crowd(target, await target.CreateRallyAsync(_http, 100 + i), _totals, maxProbes: 256) { ProbeLatency = probeLatency, FrameLatency = frameLatency };
            await crowd.AddViewersAsync(viewersPerRally, _factory, _http, parallelism: 4);
            crowds[i] = crowd;
        });
        await Task.Delay(Settle);
        var connections = rallies * viewersPerRally;
        var memoryPerConnection = (target.Process.ResidentBytes() - rssBefore) / 1024.0 / connections;
        var measurement = new Measurement(target, _totals);
        var reactions = ArrivalSchedule.RunAsync(rallies * reactionsPerRallyPerSecond, window, (scheduled, k) =>
        {
            var crowd = crowds[k % rallies];
            _ = crowd.ReactAsync(crowd.Viewers[(int)(k / rallies % viewersPerRally)], 1, scheduled, null);
        });
        var probes = ArrivalSchedule.RunAsync(rallies, window, (scheduled, k) => crowds[k % rallies].ProbeAsync(scheduled).Forget());
        await Task.WhenAll(reactions, probes);
        await Task.WhenAll(crowds.Select(c => c.DrainAsync(TimeSpan.FromSeconds(10))));

        var checks = crowds.Select(c => c.Check()).ToList();
        var closedConnections = checks.Sum(c => c.Closed);
        Results.Add(new ScenarioResult("many small rallies", target.Name, connections, measurement.Seconds, measurement.Delivered, measurement.CpuSeconds, memoryPerConnection,
            "reaction to viewer", probeLatency.Summary(), checks.Sum(c => c.Lost), checks.Sum(c => c.Duplicated), crowds.Sum(c => c.Errors),
            $"{rallies:N0} rallies × {viewersPerRally} viewers, {rallies * reactionsPerRallyPerSecond:N0} reactions/s and a probe a second in each; {closedConnections:N0} connections closed by the server{ErrorNote(crowds[0])}")
        { Rate = rallies * reactionsPerRallyPerSecond, FrameLatency = frameLatency.Summary(), GeneratorCpuSeconds = measurement.GeneratorCpuSeconds });
        Log($"  many rallies: p99 {probeLatency.PercentileMs(99):N1} ms, lost {checks.Sum(c => c.Lost)}");
        foreach (var crowd in crowds)
        {
            await crowd.CloseAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _factory.DisposeAsync();
        _http.Dispose();
    }

    private int Scaled(int count) => Math.Max(1, (int)(count * options.Scale));

    private static string ErrorNote(Crowd crowd) => crowd.FirstError is null ? string.Empty : $"; first error: {crowd.FirstError}";

    private void Log(string line) => log.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {line}");
}

/// <summary>What the suite was told: where the server and the baselines listen, their processes, the steps and the budgets.</summary>
internal sealed record SuiteOptions(Uri Server, int ServerPid, IReadOnlyList<BaselineTarget> Baselines, string OutputDirectory, string? NodeDirectory)
{
    public int[] Levels { get; init; } = [1_000, 2_500, 5_000, 10_000, 15_000, 19_000, 30_000, 40_000, 50_000];

    public int ReactionsPerViewerPerMinute { get; init; } = 6;

    /// <summary>Voters of the poll burst (<c>--poll-voters</c>): issue 7's 20,000, less what one process's 20,000 open files leave for everything else.</summary>
    public int PollVoters { get; init; } = 19_000;

    public int NodeClients { get; init; } = 10;

    /// <summary>Scales the chat, churn and many-rallies scenarios (1 for the standard suite; less for a quick try).</summary>
    public double Scale { get; init; } = 1;

    public TimeSpan ServerBudget { get; init; } = TimeSpan.FromMinutes(4.5);

    public TimeSpan BaselineBudget { get; init; } = TimeSpan.FromMinutes(2);
}

/// <summary>A poll's acknowledged votes and the tallies the server reported, kept so that they can be checked again after a restart.</summary>
internal sealed record PollOutcome(string BaseUrl, string RallyId, string OrganiserKey, string PollId, int[] Expected, int[] Tallies)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
}
