using System.Globalization;
using System.Text;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>The evaluation's figures for one campaign kind over every seed.</summary>
/// <param name="Kind">The campaign kind.</param>
/// <param name="Campaigns">Campaigns of that kind over the seeds.</param>
/// <param name="DetectedInTime">How many of them had a narrative within the latency limit.</param>
/// <param name="Latencies">Each campaign's detection latency, null when it was never detected.</param>
/// <param name="Counts">Message-level counts summed over the seeds (micro-averaged precision and recall).</param>
public sealed record CampaignKindFigures(CampaignKind Kind, int Campaigns, int DetectedInTime, IReadOnlyList<TimeSpan?> Latencies, AttributionCounts Counts)
{
    public TimeSpan? MedianLatency => Latencies.Contains(null) ? null : Latencies.Order().ElementAt(Latencies.Count / 2);

    public TimeSpan? MaxLatency => Latencies.Contains(null) ? null : Latencies.Max();
}

/// <summary>Sums evaluation runs up and writes them as the Markdown tables of docs/narrative-detection.md.</summary>
public static class NarrativeEvaluationReport
{
    public static IReadOnlyList<CampaignKindFigures> Summarise(IReadOnlyList<SeedEvaluation> runs, TimeSpan latencyLimit) =>
        Enum.GetValues<CampaignKind>()
            .Select(kind =>
            {
                var latencies = runs.SelectMany(run => run.Chat.Campaigns.Where(c => c.Plan.Kind == kind).Select(run.Latency)).ToList();
                var counts = runs.Select(run => run.Counts(kind)).Aggregate(new AttributionCounts(0, 0, 0), (a, b) => a + b);
                return new CampaignKindFigures(kind, latencies.Count, latencies.Count(l => l <= latencyLimit), latencies, counts);
            })
            .ToList();

    /// <summary>One row per campaign kind: detection, latency, message-level precision and recall.</summary>
    public static string KindTable(IReadOnlyList<CampaignKindFigures> figures)
    {
        var table = new StringBuilder()
            .AppendLine("| campaign type | campaigns | detected within 10 s | median latency | max latency | messages (TP / FP / FN) | precision | recall |")
            .AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var f in figures)
        {
            table.AppendLine(CultureInfo.InvariantCulture, $"| {Name(f.Kind)} | {f.Campaigns} | {f.DetectedInTime} | {Seconds(f.MedianLatency)} | {Seconds(f.MaxLatency)} | {f.Counts.TruePositives} / {f.Counts.FalsePositives} / {f.Counts.FalseNegatives} | {f.Counts.Precision:0.000} | {f.Counts.Recall:0.000} |");
        }

        return table.ToString();
    }

    /// <summary>One row per seed: each campaign's latency, the surges raised and the narratives made of organic chat.</summary>
    public static string SeedTable(IReadOnlyList<SeedEvaluation> runs)
    {
        var table = new StringBuilder()
            .AppendLine("| seed | messages | campaign messages | raid latency | slogan latency | talking-point latency | sentiment surges | organic narratives |")
            .AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in runs)
        {
            string LatencyOf(CampaignKind kind) =>
                run.Chat.Campaigns.Where(c => c.Plan.Kind == kind).Select(c => Seconds(run.Latency(c))).DefaultIfEmpty("-").First();
            table.AppendLine(CultureInfo.InvariantCulture, $"| {run.Chat.Seed} | {run.Chat.Messages.Count} | {run.Chat.Messages.Count(m => m.CampaignId is not null)} | {LatencyOf(CampaignKind.Raid)} | {LatencyOf(CampaignKind.NearIdenticalSlogan)} | {LatencyOf(CampaignKind.ParaphrasedTalkingPoint)} | {run.Surges.Count()} | {run.OrganicNarratives} |");
        }

        return table.ToString();
    }

    private static string Name(CampaignKind kind) => kind switch
    {
        CampaignKind.NearIdenticalSlogan => "(a) near-identical slogan",
        CampaignKind.ParaphrasedTalkingPoint => "(b) paraphrased talking point",
        _ => "(c) raid",
    };

    private static string Seconds(TimeSpan? latency) =>
        latency is { } value ? value.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture) : "missed";
}
