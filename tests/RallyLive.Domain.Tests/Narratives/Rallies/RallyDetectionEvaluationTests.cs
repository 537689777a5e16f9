using RallyLive.Domain.Narratives;
using Xunit.Abstractions;

namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>Runs the detector, with its default options, over every generated rally once; shared by the tests of one class.</summary>
public sealed class RallyEvaluationFixture
{
    /// <summary>Seeds of the tuning topics: looked at while the detector's settings were chosen.</summary>
    public static readonly int[] TuningSeeds = [1, 2, 3, 4];

    /// <summary>Seeds of the held-out topics: only ever run for the report. All of them kept, none dropped for doing badly.</summary>
    public static readonly int[] HeldOutSeeds = [11, 12, 13];

    /// <summary>A rally of each topic without campaigns.</summary>
    public const int OrganicSeed = 101;

    public IReadOnlyList<RallyRun> Runs { get; } =
    [
        .. RallyTopics.Tuning.SelectMany(topic => TuningSeeds.Select(seed => RallyEvaluation.Run(topic, seed, tuned: true, new NarrativeDetectionOptions()))),
        .. RallyTopics.HeldOut.SelectMany(topic => HeldOutSeeds.Select(seed => RallyEvaluation.Run(topic, seed, tuned: false, new NarrativeDetectionOptions()))),
    ];

    public IReadOnlyList<RallyRun> OrganicRuns { get; } =
        [.. RallyTopics.Tuning.Concat(RallyTopics.HeldOut).Select(topic => RallyEvaluation.Run(topic, OrganicSeed, tuned: false, new NarrativeDetectionOptions(), withCampaigns: false))];
}

/// <summary>
/// The detector against generated rallies on five topics (see docs/narrative-detection.md, which holds the same table).
/// Every seed must meet the targets, except for the shortfalls recorded in <see cref="KnownShortfalls"/> exactly as
/// measured (one raid on a tuning topic, the rest on topics held out from tuning): a change that drops any seed's figures below the targets, or changes a
/// known shortfall, fails here, and the table in the document is then brought up to date with it.
/// </summary>
public sealed class RallyDetectionEvaluationTests(RallyEvaluationFixture evaluation, ITestOutputHelper output) : IClassFixture<RallyEvaluationFixture>
{
    /// <summary>Shortfalls measured when the settings were frozen; every other seed meets every target.</summary>
    private static readonly Dictionary<string, string> KnownShortfalls = new(StringComparer.Ordinal)
    {
        // Tuning topic: ordinary newcomers arriving on the raided stream in the same seconds are taken with the raiders.
        ["library 2"] = "Raid precision 0.947 recall 1.000",

        // Held out: a slow talking point.
        ["stadium 13"] = "ParaphrasedTalkingPoint reported after 34.6 s (target 30 s)",
    };

    [Fact]
    public void Evaluate_EverySeed_MeetsTheTargetsOrItsKnownShortfalls()
    {
        var runs = evaluation.Runs.Concat(evaluation.OrganicRuns).ToList();
        output.WriteLine(RallyEvaluation.Table(runs));
        var measured = runs
            .Select(run => (Key: $"{run.Topic.Name} {run.Seed}", Shortfalls: string.Join("; ", RallyEvaluation.Shortfalls(run))))
            .Where(run => run.Shortfalls.Length > 0)
            .ToDictionary(run => run.Key, run => run.Shortfalls, StringComparer.Ordinal);
        foreach (var (key, shortfalls) in measured)
        {
            output.WriteLine($"[\"{key}\"] = \"{shortfalls}\",");
        }

        Assert.Equal(KnownShortfalls.OrderBy(k => k.Key, StringComparer.Ordinal), measured.OrderBy(k => k.Key, StringComparer.Ordinal));
    }
}
