using RallyLive.Domain.Narratives;
using Xunit.Abstractions;

namespace RallyLive.Domain.Tests.Narratives.Rallies;

/// <summary>Runs the detector, with its default options, over every generated rally once; shared by the tests of one class.</summary>
public sealed class RallyEvaluationFixture
{
    /// <summary>Seeds of the tuning topics the detector's settings were chosen on.</summary>
    public static readonly int[] TunedSeeds = [1, 2, 3, 4];

    /// <summary>
    /// Seeds of every topic looked at to check later changes of the detector (the tuned ones aside); 21 to 30 were unseen
    /// until a change tried on 2026-12-08 (and not kept) was checked on them.
    /// </summary>
    public static readonly int[] CheckedSeeds = [.. Enumerable.Range(1, 30)];

    /// <summary>
    /// Seeds of every topic first run for the report of 2026-12-08, after the last change: no setting or rule was chosen
    /// looking at them. A change checked on them makes them checked seeds, and new unseen ones are added.
    /// </summary>
    public static readonly int[] UnseenSeeds = [.. Enumerable.Range(31, 10)];

    /// <summary>Rallies of each topic without campaigns: looked at, and unseen.</summary>
    public static readonly int[] CheckedOrganicSeeds = [.. Enumerable.Range(101, 10), .. Enumerable.Range(121, 10)];

    public static readonly int[] UnseenOrganicSeeds = [.. Enumerable.Range(131, 10)];

    public IReadOnlyList<RallyRun> Runs { get; } = RunAll(
        from topic in RallyTopics.Tuning.Concat(RallyTopics.HeldOut)
        from seed in CheckedSeeds.Concat(UnseenSeeds)
        select (topic, seed, Use(topic, seed), true));

    public IReadOnlyList<RallyRun> OrganicRuns { get; } = RunAll(
        from topic in RallyTopics.Tuning.Concat(RallyTopics.HeldOut)
        from seed in CheckedOrganicSeeds.Concat(UnseenOrganicSeeds)
        select (topic, seed, UnseenOrganicSeeds.Contains(seed) ? SeedUse.Unseen : SeedUse.Checked, false));

    private static SeedUse Use(RallyTopic topic, int seed) =>
        UnseenSeeds.Contains(seed) ? SeedUse.Unseen
        : RallyTopics.Tuning.Contains(topic) && TunedSeeds.Contains(seed) ? SeedUse.Tuned
        : SeedUse.Checked;

    /// <summary>Each rally is generated and detected on its own, so they run in parallel, and are reported in order.</summary>
    private static List<RallyRun> RunAll(IEnumerable<(RallyTopic Topic, int Seed, SeedUse Use, bool WithCampaigns)> rallies) =>
        rallies.AsParallel().AsOrdered()
            .Select(r => RallyEvaluation.Run(r.Topic, r.Seed, r.Use, new NarrativeDetectionOptions(), r.WithCampaigns))
            .ToList();
}

/// <summary>
/// The detector against generated rallies on five topics (see docs/narrative-detection.md, which holds the same table).
/// Every seed must meet the targets, except for the shortfalls recorded in <see cref="KnownShortfalls"/> exactly as
/// measured: a change that drops any seed's figures below the targets, or changes a known shortfall, fails here, and the
/// table in the document is then brought up to date with it.
/// </summary>
public sealed class RallyDetectionEvaluationTests(RallyEvaluationFixture evaluation, ITestOutputHelper output) : IClassFixture<RallyEvaluationFixture>
{
    /// <summary>
    /// Shortfalls as measured on 2026-12-08 (73 of 200 rallies: 50 of the 150 of seeds 1 to 30, 23 of the 50 unseen ones;
    /// docs/narrative-detection.md explains them): mostly talking points reported after 30 s or missing accounts, some
    /// copypastas reported after their 10th account, two raids on the unseen seeds.
    /// </summary>
    private static readonly Dictionary<string, string> KnownShortfalls = new(StringComparer.Ordinal)
    {
        ["transit 7"] = "NearIdenticalSlogan reported after 13.3 s (target 10 s); NearIdenticalSlogan reported after 17 accounts (target 10)",
        ["transit 16"] = "ParaphrasedTalkingPoint reported after 30.4 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.657",
        ["transit 17"] = "ParaphrasedTalkingPoint reported after 31.2 s (target 30 s)",
        ["transit 23"] = "ParaphrasedTalkingPoint reported after 31.7 s (target 30 s); ParaphrasedTalkingPoint precision 0.912 recall 1.000",
        ["transit 26"] = "ParaphrasedTalkingPoint reported after 32.1 s (target 30 s)",
        ["transit 31"] = "ParaphrasedTalkingPoint reported after 30.4 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.871",
        ["transit 35"] = "ParaphrasedTalkingPoint precision 0.909 recall 1.000",
        ["transit 36"] = "ParaphrasedTalkingPoint precision 0.917 recall 1.000",
        ["library 8"] = "ParaphrasedTalkingPoint reported after 31.0 s (target 30 s)",
        ["library 11"] = "ParaphrasedTalkingPoint precision 0.921 recall 1.000",
        ["library 12"] = "ParaphrasedTalkingPoint reported after 32.7 s (target 30 s)",
        ["library 13"] = "ParaphrasedTalkingPoint reported after 41.6 s (target 30 s)",
        ["library 20"] = "NearIdenticalSlogan precision 0.631 recall 1.000; ParaphrasedTalkingPoint reported after missed (target 30 s); ParaphrasedTalkingPoint precision 0.000 recall 0.000",
        ["library 22"] = "ParaphrasedTalkingPoint reported after 41.5 s (target 30 s)",
        ["library 24"] = "ParaphrasedTalkingPoint reported after 40.3 s (target 30 s)",
        ["library 29"] = "NearIdenticalSlogan precision 0.663 recall 1.000; ParaphrasedTalkingPoint reported after missed (target 30 s); ParaphrasedTalkingPoint precision 0.000 recall 0.000",
        ["library 33"] = "ParaphrasedTalkingPoint reported after 33.5 s (target 30 s)",
        ["windfarm 1"] = "ParaphrasedTalkingPoint reported after 31.3 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.800",
        ["windfarm 2"] = "ParaphrasedTalkingPoint reported after 39.3 s (target 30 s)",
        ["windfarm 3"] = "ParaphrasedTalkingPoint reported after 32.5 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.882",
        ["windfarm 4"] = "ParaphrasedTalkingPoint reported after 42.8 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.879",
        ["windfarm 5"] = "NearIdenticalSlogan reported after 10.6 s (target 10 s); NearIdenticalSlogan reported after 11 accounts (target 10); ParaphrasedTalkingPoint reported after 35.2 s (target 30 s)",
        ["windfarm 6"] = "NearIdenticalSlogan reported after 11 accounts (target 10)",
        ["windfarm 8"] = "ParaphrasedTalkingPoint reported after 51.5 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.806",
        ["windfarm 10"] = "ParaphrasedTalkingPoint precision 1.000 recall 0.758",
        ["windfarm 14"] = "ParaphrasedTalkingPoint precision 0.909 recall 0.606",
        ["windfarm 16"] = "ParaphrasedTalkingPoint reported after 41.9 s (target 30 s)",
        ["windfarm 17"] = "ParaphrasedTalkingPoint precision 1.000 recall 0.844",
        ["windfarm 18"] = "ParaphrasedTalkingPoint reported after 33.9 s (target 30 s)",
        ["windfarm 20"] = "NearIdenticalSlogan precision 0.852 recall 1.000; ParaphrasedTalkingPoint reported after 32.1 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.778",
        ["windfarm 21"] = "ParaphrasedTalkingPoint reported after 32.7 s (target 30 s)",
        ["windfarm 25"] = "ParaphrasedTalkingPoint reported after 32.8 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.895",
        ["windfarm 26"] = "ParaphrasedTalkingPoint reported after 38.7 s (target 30 s)",
        ["windfarm 27"] = "ParaphrasedTalkingPoint reported after 34.1 s (target 30 s); ParaphrasedTalkingPoint precision 0.931 recall 0.794",
        ["windfarm 28"] = "NearIdenticalSlogan reported after 17 accounts (target 10)",
        ["windfarm 29"] = "ParaphrasedTalkingPoint reported after 33.7 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.889",
        ["windfarm 31"] = "ParaphrasedTalkingPoint reported after 36.2 s (target 30 s)",
        ["windfarm 33"] = "Raid reported after 21.3 s (target 10 s); Raid precision 1.000 recall 0.303; ParaphrasedTalkingPoint reported after 33.9 s (target 30 s); ParaphrasedTalkingPoint precision 0.907 recall 1.000",
        ["windfarm 34"] = "NearIdenticalSlogan precision 0.600 recall 1.000; ParaphrasedTalkingPoint reported after missed (target 30 s); ParaphrasedTalkingPoint precision 0.000 recall 0.000",
        ["windfarm 35"] = "ParaphrasedTalkingPoint reported after 35.1 s (target 30 s)",
        ["windfarm 36"] = "NearIdenticalSlogan reported after 11.3 s (target 10 s); ParaphrasedTalkingPoint reported after 41.7 s (target 30 s)",
        ["windfarm 37"] = "Raid precision 0.981 recall 0.808; NearIdenticalSlogan reported after 10.4 s (target 10 s); ParaphrasedTalkingPoint reported after 43.9 s (target 30 s)",
        ["windfarm 38"] = "ParaphrasedTalkingPoint reported after 30.4 s (target 30 s)",
        ["windfarm 39"] = "ParaphrasedTalkingPoint precision 1.000 recall 0.800",
        ["windfarm 40"] = "ParaphrasedTalkingPoint reported after 59.4 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.853",
        ["stadium 3"] = "ParaphrasedTalkingPoint reported after 31.7 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.865",
        ["stadium 5"] = "ParaphrasedTalkingPoint reported after 35.4 s (target 30 s); ParaphrasedTalkingPoint precision 0.964 recall 0.818",
        ["stadium 6"] = "NearIdenticalSlogan precision 0.937 recall 1.000",
        ["stadium 9"] = "NearIdenticalSlogan precision 0.909 recall 1.000; ParaphrasedTalkingPoint reported after 30.5 s (target 30 s)",
        ["stadium 13"] = "ParaphrasedTalkingPoint reported after 34.6 s (target 30 s)",
        ["stadium 16"] = "ParaphrasedTalkingPoint precision 0.886 recall 1.000",
        ["stadium 17"] = "ParaphrasedTalkingPoint reported after 43.0 s (target 30 s)",
        ["stadium 20"] = "NearIdenticalSlogan reported after 11 accounts (target 10); ParaphrasedTalkingPoint precision 1.000 recall 0.818",
        ["stadium 23"] = "NearIdenticalSlogan reported after 12.9 s (target 10 s); NearIdenticalSlogan reported after 14 accounts (target 10)",
        ["stadium 24"] = "ParaphrasedTalkingPoint precision 0.811 recall 1.000",
        ["stadium 25"] = "ParaphrasedTalkingPoint precision 1.000 recall 0.867",
        ["stadium 26"] = "NearIdenticalSlogan reported after 13 accounts (target 10)",
        ["stadium 27"] = "NearIdenticalSlogan reported after 14.1 s (target 10 s); ParaphrasedTalkingPoint reported after 31.0 s (target 30 s); ParaphrasedTalkingPoint precision 0.927 recall 0.950",
        ["stadium 28"] = "NearIdenticalSlogan reported after 10.3 s (target 10 s); ParaphrasedTalkingPoint reported after 37.2 s (target 30 s)",
        ["stadium 29"] = "NearIdenticalSlogan precision 0.869 recall 1.000; ParaphrasedTalkingPoint reported after 61.2 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.667",
        ["stadium 32"] = "ParaphrasedTalkingPoint reported after 47.1 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.500",
        ["stadium 33"] = "NearIdenticalSlogan precision 0.750 recall 1.000; ParaphrasedTalkingPoint reported after 31.5 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.781",
        ["stadium 34"] = "NearIdenticalSlogan precision 0.784 recall 1.000",
        ["stadium 36"] = "ParaphrasedTalkingPoint reported after 48.5 s (target 30 s)",
        ["stadium 37"] = "ParaphrasedTalkingPoint reported after 66.9 s (target 30 s); ParaphrasedTalkingPoint precision 1.000 recall 0.844",
        ["stadium 38"] = "ParaphrasedTalkingPoint precision 0.947 recall 0.973",
        ["stadium 40"] = "ParaphrasedTalkingPoint reported after 32.2 s (target 30 s)",
        ["housing 3"] = "ParaphrasedTalkingPoint reported after 37.8 s (target 30 s)",
        ["housing 10"] = "ParaphrasedTalkingPoint reported after 33.7 s (target 30 s)",
        ["housing 14"] = "ParaphrasedTalkingPoint reported after 32.5 s (target 30 s)",
        ["housing 33"] = "ParaphrasedTalkingPoint reported after 30.9 s (target 30 s)",
        ["housing 36"] = "NearIdenticalSlogan reported after 17.5 s (target 10 s); NearIdenticalSlogan reported after 32 accounts (target 10)",
        ["housing 38"] = "NearIdenticalSlogan reported after 14 accounts (target 10)",
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
