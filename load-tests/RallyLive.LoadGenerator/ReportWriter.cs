using System.Globalization;
using System.Text;

namespace RallyLive.LoadGenerator;

/// <summary>Writes the suite's figures: the targets of the load tests with verdicts, a table per scenario, data files for the charts, and every result as JSON (results.json, for scripts that compare runs).</summary>
internal static class ReportWriter
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static void Write(string directory, IReadOnlyList<ScenarioResult> results, PollOutcome? poll)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "targets.md"), Targets(results, poll));
        File.WriteAllText(Path.Combine(directory, "scenarios.md"), Scenarios(results));
        File.WriteAllText(Path.Combine(directory, "fanout.dat"), FanOutData(results));
        File.WriteAllText(Path.Combine(directory, "results.json"), System.Text.Json.JsonSerializer.Serialize(results, PollOutcome.Json));
        if (poll is not null)
        {
            File.WriteAllText(Path.Combine(directory, "poll.json"), System.Text.Json.JsonSerializer.Serialize(poll, PollOutcome.Json));
        }
    }

    /// <summary>The largest fan-out step of <paramref name="target"/> with p99 under the step-up limit and nothing lost.</summary>
    public static ScenarioResult? LargestWithinLimit(IReadOnlyList<ScenarioResult> results, string target) => results
        .Where(r => r.Scenario == "fan-out" && r.Target == target && Suite.WithinLimits(r))
        .MaxBy(r => r.Connections);

    private static string Targets(IReadOnlyList<ScenarioResult> results, PollOutcome? poll)
    {
        var text = new StringBuilder();
        text.AppendLine("| target (issue 7) | measured | verdict |");
        text.AppendLine("|---|---|---|");
        var fanOut = results.Where(r => r.Scenario == "fan-out" && r.Target == "RallyLive").ToList();
        var largest = fanOut.MaxBy(r => r.Connections);
        var under500 = fanOut.Where(r => r.Latency.P99Ms < 500 && r.Lost == 0 && r.Duplicated == 0).MaxBy(r => r.Connections);
        text.AppendLine(Invariant, $"| 50,000 viewers of one rally at 4 frames/s, p99 reaction to viewer < 500 ms | {(under500 is null ? "no step passed" : $"{under500.Connections:N0} viewers at p99 {under500.Latency.P99Ms:N0} ms")}; largest step tried {largest?.Connections ?? 0:N0} (p99 {largest?.Latency.P99Ms ?? 0:N0} ms) | {Verdict(under500?.Connections >= 50_000, under500 is null ? "missed" : $"missed: {under500.Connections * 100.0 / 50_000:N0} % of the viewers")} |");

        var idle = results.Where(r => r.Scenario == "idle" && r.Target == "RallyLive" && r.MemoryPerConnectionKiB > 0).MaxBy(r => r.Connections);
        text.AppendLine(Invariant, $"| < 40 KiB of server memory per connection | {idle?.MemoryPerConnectionKiB ?? 0:N1} KiB at {idle?.Connections ?? 0:N0} idle connections (RSS growth from no connections / connections); {idle?.MarginalMemoryPerConnectionKiB ?? 0:N1} KiB each for the last step's | {Verdict(idle is not null && idle.MemoryPerConnectionKiB < 40, $"missed by {(idle?.MemoryPerConnectionKiB ?? 0) - 40:N1} KiB")} |");

        var ingest = results.Where(r => r.Scenario == "ingest" && r.Lost == 0 && r.Duplicated == 0 && r.Errors == 0).MaxBy(r => r.Rate);
        text.AppendLine(Invariant, $"| 200,000 reactions/s from 20,000 viewers, exact counts | {(ingest is null ? "no step passed" : $"{ingest.Rate:N0} taps/s ({ingest.Note.Split(',')[0]}), ack p99 {ingest.Latency.P99Ms:N0} ms, exact")} | {Verdict(ingest?.Rate >= 200_000, ingest is null ? "missed" : $"missed: {ingest.Rate * 100 / 200_000:N1} % of the rate")} |");

        var pollResult = results.FirstOrDefault(r => r.Scenario == "poll burst");
        var pollExact = poll is not null && poll.Expected.SequenceEqual(poll.Tallies);
        var votes = poll?.Expected.Sum() ?? 0;
        text.AppendLine(Invariant, $"| 20,000 votes in 2 s, counted exactly and durable | {votes:N0} votes; {pollResult?.Note ?? "not run"}; durability after `kill -9` and restart: see below | {Verdict(pollExact && votes >= 20_000 && pollResult!.Latency.MaxMs <= 2_000 + 2_000, pollExact ? $"exact, but {votes:N0} of 20,000 voters (the crowd reached)" : "counts differ")} |");

        var server = LargestWithinLimit(results, "RallyLive");
        var l0 = results.Where(r => r.Scenario == "fan-out" && r.Target == "L0").ToList();
        var naive = results.Where(r => r.Scenario == "fan-out" && r.Target == "N").ToList();
        var commonL0 = fanOut.Where(r => l0.Any(b => b.Connections == r.Connections)).MaxBy(r => r.Connections);
        if (commonL0 is not null)
        {
            var baseline = l0.First(b => b.Connections == commonL0.Connections);
            var ratio = commonL0.DeliveredPerCpuSecond / baseline.DeliveredPerCpuSecond;
            text.AppendLine(Invariant, $"| delivered messages per server CPU-second ≥ half of L0's | at {commonL0.Connections:N0} viewers: RallyLive {commonL0.DeliveredPerCpuSecond:N0}, L0 {baseline.DeliveredPerCpuSecond:N0} ({ratio * 100:N0} %) | {Verdict(ratio >= 0.5, $"missed: {ratio * 100:N0} % of L0")} |");
        }
        else
        {
            text.AppendLine("| delivered messages per server CPU-second ≥ half of L0's | L0 not run | not measured |");
        }

        var commonN = fanOut.Where(r => naive.Any(b => b.Connections == r.Connections)).MaxBy(r => r.Connections);
        if (commonN is not null)
        {
            var baseline = naive.First(b => b.Connections == commonN.Connections);
            var ratio = baseline.CpuPerSecond / Math.Max(commonN.CpuPerSecond, 0.001);
            text.AppendLine(Invariant, $"| ≥ 10× less server CPU than N at 10,000 viewers and 1,000 reactions/s | same ratio of reactions to viewers (6 per viewer per minute) at {commonN.Connections:N0} viewers: RallyLive {commonN.CpuPerSecond:N2} CPU-s/s, N {baseline.CpuPerSecond:N2} CPU-s/s ({ratio:N1}×; N p99 {baseline.Latency.P99Ms:N0} ms, lost {baseline.Lost:N0}) | {Verdict(ratio >= 10, $"{ratio:N1}× at {commonN.Connections:N0} viewers")} |");
        }
        else
        {
            text.AppendLine("| ≥ 10× less server CPU than N | N not run | not measured |");
        }

        text.AppendLine();
        foreach (var name in results.Where(r => r.Scenario == "fan-out").Select(r => r.Target).Distinct())
        {
            var best = LargestWithinLimit(results, name);
            text.AppendLine(Invariant, $"- Largest N (of the steps tried) with frame delivery p99 under {Suite.StepUpP99LimitMs:N0} ms, reaction-to-viewer p99 under {Suite.ReactionP99TargetMs:N0} ms and nothing lost, {name}: **{(best is null ? "none" : best.Connections.ToString("N0", Invariant))}** viewers.");
        }

        _ = server;
        return text.ToString();
    }

    private static string Verdict(bool? met, string missed) => met == true ? "**met**" : $"**{missed}**";

    private static string Scenarios(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder();
        foreach (var group in results.GroupBy(r => r.Scenario))
        {
            text.AppendLine(Invariant, $"### {group.Key}");
            text.AppendLine();
            text.AppendLine("| target | connections | s | delivered | server CPU-s | delivered / CPU-s | CPU-s / s | generator CPU-s / s | KiB / conn | latency | n | p50 ms | p99 ms | max ms | frame delivery p50 / p99 / max ms | Node clients p50 / p99 ms (n) | lost | dup | errors | notes |");
            text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---|---|---:|---:|---:|---|");
            foreach (var r in group)
            {
                var node = r.NodeLatency is { } n ? $"{n.P50Ms:N1} / {n.P99Ms:N1} ({n.Count:N0})" : "";
                var frame = r.FrameLatency is { } f ? $"{f.P50Ms:N1} / {f.P99Ms:N1} / {f.MaxMs:N1}" : "";
                text.AppendLine(Invariant,
                    $"| {r.Target} | {r.Connections:N0} | {r.Seconds:N1} | {r.Delivered:N0} | {r.ServerCpuSeconds:N2} | {r.DeliveredPerCpuSecond:N0} | {r.CpuPerSecond:N2} | {r.GeneratorCpuPerSecond:N2} | {r.MemoryPerConnectionKiB:N1} | {r.LatencyKind} | {r.Latency.Count:N0} | {r.Latency.P50Ms:N1} | {r.Latency.P99Ms:N1} | {r.Latency.MaxMs:N1} | {frame} | {node} | {r.Lost:N0} | {r.Duplicated:N0} | {r.Errors:N0} | {r.Note.Replace("|", "/", StringComparison.Ordinal)} |");
            }

            text.AppendLine();
        }

        return text.ToString();
    }

    /// <summary>One line per fan-out step: target, viewers, p50, p99, delivered per CPU-s, CPU-s per s, KiB per connection.</summary>
    private static string FanOutData(IReadOnlyList<ScenarioResult> results)
    {
        var text = new StringBuilder("# target viewers p50_ms p99_ms delivered_per_cpu_s cpu_s_per_s kib_per_connection frame_p99_ms\n");
        foreach (var group in results.Where(r => r.Scenario == "fan-out").GroupBy(r => r.Target))
        {
            text.AppendLine(Invariant, $"# {group.Key}");
            foreach (var r in group.GroupBy(r => r.Connections).Select(g => g.Last()))
            {
                text.AppendLine(Invariant, $"{r.Target} {r.Connections} {r.Latency.P50Ms:F1} {r.Latency.P99Ms:F1} {r.DeliveredPerCpuSecond:F0} {r.CpuPerSecond:F3} {r.MemoryPerConnectionKiB:F2} {r.FrameLatency?.P99Ms ?? 0:F1}");
            }

            text.AppendLine();
            text.AppendLine();
        }

        return text.ToString();
    }
}
