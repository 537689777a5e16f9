using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static RallyLive.LoadGenerator.CommandLine;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Command <c>spread-poll</c>: the poll burst with more voters than one process may open sockets for. The voters are
/// held by worker processes (<see cref="CrowdWorker"/>); once they have joined, the organiser opens a poll and every
/// voter votes once, all of them due within 2 s (each worker its share at its share of the rate, from one start on the
/// machine's monotonic clock). Prints when the last vote was acknowledged after the first was due, the latencies and
/// the tallies against the acknowledged votes, and writes <c>poll.json</c> for <c>verify-poll</c> after a restart.
/// </summary>
internal static class SpreadPoll
{
    private const int Options = 4;
    private static readonly TimeSpan Burst = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var nodes = options["url"];
        var voters = int.Parse(options.GetValueOrDefault("voters", "20000"), CultureInfo.InvariantCulture);
        var perWorker = int.Parse(options.GetValueOrDefault("per-worker", "10000"), CultureInfo.InvariantCulture);
        var server = options.Processes();
        var target = new RallyLiveTarget("RallyLive", options.Urls(), server);
        using var http = CommandLine.Http();
        await using var factory = new ConnectionFactory();
        var rally = await target.CreateRallyAsync(http, 0);

        var count = (voters + perWorker - 1) / perWorker;
        var shares = Enumerable.Range(0, count).Select(i => voters / count + (i < voters % count ? 1 : 0)).ToArray();
        var workers = Enumerable.Range(0, count).Select(i => WorkerProcess.StartCrowdWorker(nodes, rally, sourceAddress: (byte)(10 + i))).ToList();
        try
        {
            Log($"poll burst: {voters:N0} voters over {count} worker processes, joining");
            var joined = await Task.WhenAll(workers.Select((w, i) => w.AskAsync($"join {shares[i]} 0 0")));
            if (joined.FirstOrDefault(j => j.TryGetProperty("error", out _)) is { ValueKind: JsonValueKind.Object } failed)
            {
                Log($"  could not join every voter ({workers.Sum(w => w.Viewers):N0} joined): {failed.GetProperty("error").GetString()}");
                return 1;
            }

            await using var organiser = await factory.ConnectAsync(target.OrganiserHubUrl(rally), null);
            await organiser.GoLiveAsync();
            var pollId = await organiser.OpenPollAsync("Which standard?", ["A", "B", "C", "D"]);
            var cpuBefore = server.CpuSeconds();
            var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 2; // time for the workers to be told
            var seconds = Burst.TotalSeconds.ToString(CultureInfo.InvariantCulture);
            var figures = await Task.WhenAll(workers.Select(async (w, i) =>
                (await w.AskAsync($"vote {pollId} {start} {(shares[i] / Burst.TotalSeconds).ToString(CultureInfo.InvariantCulture)} {seconds} {Options}"))
                .Deserialize<VoteFigures>(SpreadCrowd.Json)!));
            var serverCpu = server.CpuSeconds() - cpuBefore;

            var expected = Enumerable.Range(0, Options).Select(o => figures.Sum(f => f.Acknowledged[o])).ToArray();
            var tallies = await organiser.TalliesAsync(pollId);
            var latency = new LatencyRecorder();
            foreach (var worker in figures)
            {
                latency.Add(worker.Latency);
            }

            var lastAcknowledged = (double)(figures.Max(f => f.LastAcknowledged) - start) / Stopwatch.Frequency;
            var summary = latency.Summary();
            Log($"  {expected.Sum():N0} of {voters:N0} votes acknowledged, the last {lastAcknowledged:N2} s after the first was due (all due within {Burst.TotalSeconds:0} s); " +
                $"acknowledgement p50 {summary.P50Ms:N0} ms, p99 {summary.P99Ms:N0} ms, max {summary.MaxMs:N0} ms; server {serverCpu:N1} CPU-s; errors {figures.Sum(f => f.Errors)}; " +
                $"tallies {string.Join('/', tallies)}, acknowledged {string.Join('/', expected)}{(tallies.SequenceEqual(expected) ? " (exact)" : " (NOT EQUAL)")}");
            var outcome = new PollOutcome(target.BaseUrl.ToString(), rally.RallyId, rally.OrganiserKey, pollId, expected, tallies);
            await File.WriteAllTextAsync(Path.Combine(options.GetValueOrDefault("out", "."), "poll.json"), JsonSerializer.Serialize(outcome, PollOutcome.Json));
            return tallies.SequenceEqual(expected) ? 0 : 1;
        }
        finally
        {
            foreach (var worker in workers)
            {
                await worker.DisposeAsync();
            }
        }
    }
}
