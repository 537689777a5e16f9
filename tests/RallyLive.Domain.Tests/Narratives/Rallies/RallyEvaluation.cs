using System.Globalization;
using System.Text;
using RallyLive.Domain.Narratives;

namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>How one campaign of a generated rally was detected, counted over accounts.</summary>
/// <param name="Campaign">The campaign as generated.</param>
/// <param name="Latency">From its first message to the first narrative matched to it; null when none was.</param>
/// <param name="AccountsBeforeReport">Its accounts that had posted it when it was first reported.</param>
/// <param name="Narratives">Narratives matched to it (one is best: a campaign split in two is reported twice).</param>
/// <param name="Precision">Share of the accounts in its narratives that are its accounts.</param>
/// <param name="Recall">Share of its accounts found in its narratives.</param>
public sealed record CampaignResult(GeneratedCampaign Campaign, TimeSpan? Latency, int AccountsBeforeReport, int Narratives, double Precision, double Recall);

/// <summary>How a generated rally was used while the detector was written.</summary>
public enum SeedUse
{
    /// <summary>The detector's settings were chosen looking at it.</summary>
    Tuned,

    /// <summary>Looked at to check a later change of the detector.</summary>
    Checked,

    /// <summary>First run for the report, after the last change: nothing was chosen looking at it.</summary>
    Unseen,
}

/// <summary>One generated rally run through the detector.</summary>
public sealed record RallyRun(RallyTopic Topic, int Seed, SeedUse Use, SeedEvaluation Evaluation, IReadOnlyList<CampaignResult> Campaigns)
{
    /// <summary>Narratives every message of which is organic (or a campaign account's ordinary cover line): false alarms.</summary>
    public int OrganicOnlyNarratives => Evaluation.Narratives.Count(n => n.MessageIds.All(id => Label(id) is null or { Cover: true }));

    public CampaignResult? Of(CampaignKind kind) => Campaigns.FirstOrDefault(c => c.Campaign.Plan.Kind == kind);

    private LabelledChatMessage? Label(string messageId) =>
        Evaluation.Chat.Messages.First(m => m.Observation.MessageId == messageId) is { CampaignId: not null } labelled ? labelled : null;
}

/// <summary>Runs generated rallies through the detector as the grain feeds it, and scores each campaign over its accounts.</summary>
public static class RallyEvaluation
{
    /// <summary>The targets of the report: a copypasta is reported by its 10th account and within 10 s, a talking point within 30 s.</summary>
    public const int CopypastaAccountsTarget = 10;

    public static readonly TimeSpan CopypastaLatencyTarget = TimeSpan.FromSeconds(10);

    public static readonly TimeSpan TalkingPointLatencyTarget = TimeSpan.FromSeconds(30);

    public static readonly TimeSpan RaidLatencyTarget = TimeSpan.FromSeconds(10);

    public const double PrecisionTarget = 0.95;

    public const double RecallTarget = 0.9;

    public static RallyRun Run(RallyTopic topic, int seed, SeedUse use, NarrativeDetectionOptions options, bool withCampaigns = true)
    {
        var chat = RallyChatGenerator.Generate(new RallyChatOptions { Topic = topic, Seed = seed, WithCampaigns = withCampaigns });
        var evaluation = NarrativeEvaluation.Run(chat, options);
        var results = chat.Campaigns.Select(campaign => Score(evaluation, campaign)).ToList();
        return new RallyRun(topic, seed, use, evaluation, results);
    }

    private static CampaignResult Score(SeedEvaluation evaluation, GeneratedCampaign campaign)
    {
        var id = campaign.Plan.Id;
        var messages = evaluation.Chat.Messages.ToDictionary(m => m.Observation.MessageId, StringComparer.Ordinal);
        var matched = evaluation.MessageNarratives.Where(n => n.MatchedLabel == id).ToList();
        var actual = evaluation.Chat.Messages.Where(m => m.CampaignId == id).Select(m => m.Observation.ViewerId).ToHashSet(StringComparer.Ordinal);
        var predicted = matched.SelectMany(n => n.MessageIds).Select(m => messages[m].Observation.ViewerId).ToHashSet(StringComparer.Ordinal);
        var found = predicted.Count(actual.Contains);
        var reportedAt = matched.Select(n => (DateTimeOffset?)n.RaisedAt).Min();
        var before = reportedAt is { } at
            ? evaluation.Chat.Messages.Where(m => m.CampaignId == id && !m.Cover && m.Observation.At <= at).Select(m => m.Observation.ViewerId).Distinct(StringComparer.Ordinal).Count()
            : actual.Count;
        return new CampaignResult(
            campaign, reportedAt - campaign.FirstMessageAt, before, matched.Count,
            predicted.Count == 0 ? 0 : (double)found / predicted.Count, actual.Count == 0 ? 1 : (double)found / actual.Count);
    }

    /// <summary>What a run misses of the targets, one line each; empty when it meets them all.</summary>
    public static IReadOnlyList<string> Shortfalls(RallyRun run)
    {
        var shortfalls = new List<string>();
        foreach (var result in run.Campaigns)
        {
            var kind = result.Campaign.Plan.Kind;
            var limit = kind switch
            {
                CampaignKind.NearIdenticalSlogan => CopypastaLatencyTarget,
                CampaignKind.ParaphrasedTalkingPoint => TalkingPointLatencyTarget,
                _ => RaidLatencyTarget,
            };
            if (result.Latency is not { } latency || latency > limit)
            {
                shortfalls.Add($"{kind} reported after {Seconds(result.Latency)} (target {limit.TotalSeconds:0} s)");
            }

            if (kind == CampaignKind.NearIdenticalSlogan && result.AccountsBeforeReport > CopypastaAccountsTarget)
            {
                shortfalls.Add($"{kind} reported after {result.AccountsBeforeReport} accounts (target {CopypastaAccountsTarget})");
            }

            if (result.Precision < PrecisionTarget || result.Recall < RecallTarget)
            {
                shortfalls.Add(FormattableString.Invariant($"{kind} precision {result.Precision:0.000} recall {result.Recall:0.000}"));
            }
        }

        if (run.OrganicOnlyNarratives > 0)
        {
            shortfalls.Add($"{run.OrganicOnlyNarratives} narratives of organic messages only");
        }

        return shortfalls;
    }

    /// <summary>The per-seed table of docs/narrative-detection.md.</summary>
    public static string Table(IEnumerable<RallyRun> runs)
    {
        var table = new StringBuilder()
            .AppendLine("| topic | seed | seed was | messages | copypasta: accounts, reported after (accounts / s), P / R | talking point: accounts, reported after, P / R | raid: accounts, reported after, P / R | organic-only narratives |")
            .AppendLine("|---|---:|:---:|---:|---|---|---|---:|");
        foreach (var run in runs)
        {
            string Cell(CampaignKind kind) => run.Of(kind) is not { } r ? "-"
                : FormattableString.Invariant($"{r.Campaign.Plan.Accounts}, {(kind == CampaignKind.NearIdenticalSlogan ? $"{r.AccountsBeforeReport} / " : "")}{Seconds(r.Latency)}, {r.Precision:0.00} / {r.Recall:0.00}{(r.Narratives > 1 ? $" ({r.Narratives} narratives)" : "")}");
            table.AppendLine(CultureInfo.InvariantCulture,
                $"| {run.Topic.Name} | {run.Seed} | {run.Use.ToString().ToLowerInvariant()} | {run.Evaluation.Chat.Messages.Count} | {Cell(CampaignKind.NearIdenticalSlogan)} | {Cell(CampaignKind.ParaphrasedTalkingPoint)} | {Cell(CampaignKind.Raid)} | {run.OrganicOnlyNarratives} |");
        }

        return table.ToString();
    }

    private static string Seconds(TimeSpan? latency) =>
        latency is { } value ? value.TotalSeconds.ToString("0.0 's'", CultureInfo.InvariantCulture) : "missed";
}
