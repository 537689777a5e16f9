using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static RallyLive.LoadGenerator.CommandLine;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Command <c>spread-fanout</c>: the fan-out step-up for a crowd larger than one process may open sockets for (each
/// process here is held to 20,000 open files). The viewers are held by worker processes (<see cref="CrowdWorker"/>,
/// each under its own limit and calling from its own loopback address); this process holds a few senders, sends the
/// load reactions (a fixed total rate, so that frames stay within what the machine delivers) and a probe a second
/// from them, and merges what the workers measured. Each step, as in the fan-out step-up: the crowd idle (memory per
/// connection), then a window of traffic (latencies, delivered messages per CPU-second, loss). Every step is run:
/// a miss of the bounds is reported, not a reason to stop, since a crowd this size is the point of the run.
/// </summary>
internal sealed class SpreadCrowd(Dictionary<string, string> options) : IAsyncDisposable
{
    /// <summary>Probes one crowd may be sent over a run (every process keeps their due times).</summary>
    public const int MaxProbes = 16_384;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);

    private readonly Uri[] _nodes = options.Urls();
    private readonly ProcessSampler _servers = options.Processes();
    private readonly string _name = options.GetValueOrDefault("name", "RallyLive");
    private readonly int[] _levels = [.. options["levels"].Split(',').Select(l => int.Parse(l, CultureInfo.InvariantCulture))];
    private readonly double _reactionsPerSecond = options.Number("reactions-per-second", 2);
    private readonly double _probesPerSecond = options.Number("probes-per-second", 1);
    private readonly int _perWorker = options.Int("per-worker", 16_000);
    private readonly int _senders = options.Int("senders", 100);
    private readonly ConnectionFactory _factory = new();
    private readonly HttpClient _http = CommandLine.Http();
    private readonly LoadTotals _totals = new();
    private readonly List<WorkerProcess> _workers = [];

    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        await using var run = new SpreadCrowd(options);
        await run.StepUpAsync();
        return 0;
    }

    private async Task StepUpAsync()
    {
        var target = new RallyLiveTarget(_name, _nodes, _servers);
        var rssBefore = _servers.ResidentBytes();
        var (previousRss, previousLevel) = (rssBefore, 0);
        var crowd = new Crowd(target, await target.CreateRallyAsync(_http, 0), _totals, MaxProbes);
        await crowd.AddViewersAsync(_senders, _factory, _http);
        var workers = (int)Math.Ceiling((double)(_levels.Max() - _senders) / _perWorker);
        for (var i = 0; i < workers; i++)
        {
            // Addresses 127.0.0.2 and 3 are this process's; each worker's connections fit one address's ports.
            _workers.Add(WorkerProcess.StartCrowdWorker(options["url"], crowd.Rally, sourceAddress: (byte)(10 + i)));
        }

        Log($"spread fan-out against {_name} ({_nodes.Length} node{(_nodes.Length == 1 ? "" : "s")}): {_senders} senders here, {workers} worker processes, {_reactionsPerSecond:0.##} reactions/s and {_probesPerSecond:0.##} probes/s in each window");
        var held = _senders;
        foreach (var level in _levels)
        {
            var error = await JoinAsync(crowd, level - held);
            held = crowd.Viewers.Count + _workers.Sum(w => w.Viewers);
            if (error is not null)
            {
                Log($"  could not open {level:N0} connections ({held:N0} open): {error}");
                break;
            }

            await Task.Delay(Settle);
            var rss = _servers.ResidentBytes();
            var marginal = (rss - previousRss) / 1024.0 / (level - previousLevel);
            (previousRss, previousLevel) = (rss, level);
            var idle = await IdleCpuAsync();
            Log($"  {level:N0} viewers idle: {(rss - rssBefore) / 1024.0 / level:N1} KiB per connection ({marginal:N1} KiB for those added), RSS {rss / 1048576.0:N0} MiB; " +
                $"idle CPU: servers {idle.Servers:N2}, generators {idle.Generators:N2} CPU-s/s");
            await WindowAsync(crowd, level);
        }

        await crowd.CloseAsync();
    }

    /// <summary>CPU the servers and the generator processes use while the crowd is held with no traffic, over a few seconds.</summary>
    private async Task<(double Servers, double Generators)> IdleCpuAsync()
    {
        var generators = Generators();
        var (servers, generator, began) = (_servers.CpuSeconds(), generators.CpuSeconds(), Stopwatch.GetTimestamp());
        await Task.Delay(Settle);
        var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
        return ((_servers.CpuSeconds() - servers) / seconds, (generators.CpuSeconds() - generator) / seconds);
    }

    private ProcessSampler Generators() => new([Environment.ProcessId, .. _workers.Select(w => w.Pid)]);

    /// <summary>Opens <paramref name="count"/> more viewers over the workers at once, an even share each as far as each has room; the first error, if any.</summary>
    private async Task<string?> JoinAsync(Crowd crowd, int count)
    {
        var requests = new List<Task<JsonElement>>();
        var even = (count + _workers.Count - 1) / _workers.Count;
        foreach (var worker in _workers.OrderBy(w => w.Viewers))
        {
            var share = Math.Min(Math.Min(count, even), _perWorker - worker.Viewers);
            if (share > 0)
            {
                requests.Add(worker.AskAsync($"join {share} {crowd.LoadAccepted} {crowd.ProbesAccepted}"));
                count -= share;
            }
        }

        var answers = await Task.WhenAll(requests);
        return answers.Select(a => a.TryGetProperty("error", out var e) ? e.GetString() : null).FirstOrDefault(e => e is not null)
            ?? (count > 0 ? $"{count:N0} viewers more than the workers hold" : null);
    }

    /// <summary>One window of traffic: reactions from the senders at the total rate, a probe a second, then drain and check everyone.</summary>
    private async Task WindowAsync(Crowd crowd, int level)
    {
        var probes = (int)Math.Round(_probesPerSecond * Window.TotalSeconds);
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2; // time for the workers to be told
        var workersDelivered = (await AskAllAsync($"expect {start} {_probesPerSecond.ToString(CultureInfo.InvariantCulture)} {probes}"))
            .Sum(a => a.GetProperty("delivered").GetInt64());
        crowd.ProbeLatency = new LatencyRecorder();
        crowd.FrameLatency = new LatencyRecorder();
        var (acceptedBefore, errorsBefore, deliveredBefore) = (crowd.LoadAccepted, crowd.Errors, _totals.DeliveredCount + workersDelivered);
        var generators = Generators();
        var (serverCpu, generatorCpu) = (_servers.CpuSeconds(), generators.CpuSeconds());
        var began = Stopwatch.GetTimestamp();

        var reactions = ArrivalSchedule.RunAsync(start, _reactionsPerSecond, Window, (scheduled, k) =>
            _ = crowd.ReactAsync(crowd.Viewers[(int)(k % crowd.Viewers.Count)], 1, scheduled, null));
        var sent = ArrivalSchedule.RunAsync(start, _probesPerSecond, Window, (scheduled, _) => crowd.ProbeAsync(scheduled).Forget());
        await Task.WhenAll(reactions, sent);
        await DrainAsync(crowd, TimeSpan.FromSeconds(10));

        var figures = await Task.WhenAll(_workers.Select(async w => (await w.AskAsync($"check {crowd.LoadAccepted} {crowd.ProbesAccepted}")).Deserialize<WorkerFigures>(Json)!));
        var (seconds, cpu, generatorSeconds) = (Stopwatch.GetElapsedTime(began).TotalSeconds, _servers.CpuSeconds() - serverCpu, generators.CpuSeconds() - generatorCpu);
        var (lost, duplicated, closed) = crowd.Check();
        (lost, duplicated, closed) = (lost + figures.Sum(f => f.Lost), duplicated + figures.Sum(f => f.Duplicated), closed + figures.Sum(f => f.Closed));
        foreach (var worker in figures)
        {
            crowd.ProbeLatency.Add(worker.Probe);
            crowd.FrameLatency.Add(worker.Frame);
        }

        var delivered = _totals.DeliveredCount + figures.Sum(f => f.Delivered) - deliveredBefore;
        var (probe, frame) = (crowd.ProbeLatency.Summary(), crowd.FrameLatency.Summary());
        Log($"  {level:N0} viewers at {(_reactionsPerSecond + _probesPerSecond) * 60 / level:0.####}/min ({_reactionsPerSecond:0.##} reactions/s and {_probesPerSecond:0.##} probes/s in all): p99 {probe.P99Ms:N1} ms, delivery p99 {frame.P99Ms:N1} ms, " +
            $"{delivered / cpu:N0} delivered per CPU-s, server {cpu / seconds:N2} CPU-s/s, lost {lost}, duplicated {duplicated}; " +
            $"generators {generatorSeconds / seconds:N2} CPU-s/s, {delivered / seconds / level:N2} messages/s per viewer, reaction p50 {probe.P50Ms:N1} ms, max {probe.MaxMs:N1} ms, " +
            $"{crowd.LoadAccepted - acceptedBefore:N0} reactions and {probe.Count:N0} probe arrivals, errors {crowd.Errors - errorsBefore}{(closed > 0 ? $", {closed} connections closed" : "")}" +
            $"{(crowd.FirstError is null ? "" : $", first error: {crowd.FirstError}")}");
    }

    /// <summary>Waits until every open viewer, here and in the workers, has seen every accepted reaction and probe, or <paramref name="timeout"/> passes.</summary>
    private async Task DrainAsync(Crowd crowd, TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var missing = crowd.Viewers.Where(v => v.Connection.IsOpen).Sum(v => Math.Max(0, v.Missing(crowd.LoadAccepted, crowd.ProbesAccepted)))
                + (await AskAllAsync($"missing {crowd.LoadAccepted} {crowd.ProbesAccepted}")).Sum(a => a.GetProperty("missing").GetInt64());
            if (missing == 0)
            {
                break;
            }

            await Task.Delay(200);
        }

        // One more tick, so that a duplicate sent after the last expected frame would be seen.
        await Task.Delay(300);
    }

    private Task<JsonElement[]> AskAllAsync(string request) => Task.WhenAll(_workers.Select(w => w.AskAsync(request)));

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in _workers)
        {
            await worker.DisposeAsync();
        }

        await _factory.DisposeAsync();
        _http.Dispose();
    }
}
