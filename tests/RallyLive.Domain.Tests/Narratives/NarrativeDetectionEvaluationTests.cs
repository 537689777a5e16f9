using RallyLive.Domain.Narratives;
using Xunit;
using Xunit.Abstractions;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>Runs the detector once over every evaluation seed; shared by the tests of one class.</summary>
public sealed class NarrativeEvaluationFixture
{
    /// <summary>Seeds with the demo's three campaigns. Fixed, and all of them used: none was dropped for doing badly.</summary>
    public static readonly int[] CampaignSeeds = [1, 2, 3, 4, 5, 6, 7, 8];

    /// <summary>Seeds of organic chat alone.</summary>
    public static readonly int[] OrganicSeeds = [101, 102, 103, 104];

    public IReadOnlyList<SeedEvaluation> CampaignRuns { get; } =
        CampaignSeeds.Select(seed => Run(seed, SyntheticChatGenerator.DemoCampaigns(seed))).ToList();

    public IReadOnlyList<SeedEvaluation> OrganicRuns { get; } = OrganicSeeds.Select(seed => Run(seed, [])).ToList();

    private static SeedEvaluation Run(int seed, IReadOnlyList<CampaignPlan> campaigns) =>
        NarrativeEvaluation.Run(SyntheticChatGenerator.Generate(new SyntheticChatOptions { Seed = seed, Campaigns = campaigns }), new NarrativeDetectionOptions());
}

/// <summary>
/// The detector against labelled synthetic chat (see docs/narrative-detection.md, which holds the same tables).
/// The floors sit a few points under what the seeds measure, each for a reason given at its test data.
/// </summary>
public sealed class NarrativeDetectionEvaluationTests(NarrativeEvaluationFixture evaluation, ITestOutputHelper output)
    : IClassFixture<NarrativeEvaluationFixture>
{
    private static readonly TimeSpan LatencyLimit = TimeSpan.FromSeconds(10);

    private IReadOnlyList<CampaignKindFigures> Figures => NarrativeEvaluationReport.Summarise(evaluation.CampaignRuns, LatencyLimit);

    [Fact]
    public void Evaluate_OverTheDemoSeeds_DetectsEveryCampaignWithinTenSecondsOfItsStart()
    {
        output.WriteLine(NarrativeEvaluationReport.KindTable(Figures));
        output.WriteLine(NarrativeEvaluationReport.SeedTable(evaluation.CampaignRuns));

        Assert.All(Figures, f => Assert.Equal((f.Kind, NarrativeEvaluationFixture.CampaignSeeds.Length), (f.Kind, f.DetectedInTime)));
    }

    [Theory]
    // Slogans: the near-duplicate index sees almost every copy; a copy misses only when prefix, suffix and typo together
    // take it under 0.5 from every other copy. Precision can lose the odd organic line that is a near-copy of the slogan.
    [InlineData(CampaignKind.NearIdenticalSlogan, 0.95, 0.90)]
    // Talking points: 2 of the 20 wordings share no pair of content words with the rest ("he sold out his old colleagues
    // for a payday"), which no lexical method links: recall cannot reach much above 0.9.
    [InlineData(CampaignKind.ParaphrasedTalkingPoint, 0.95, 0.80)]
    // Raids: every raider is caught; ordinary newcomers who arrive in the same seconds are taken with them.
    [InlineData(CampaignKind.Raid, 0.85, 0.95)]
    public void Evaluate_OverTheDemoSeeds_AttributesMessagesAboveTheFloors(CampaignKind kind, double precisionFloor, double recallFloor)
    {
        var counts = Figures.Single(f => f.Kind == kind).Counts;
        output.WriteLine($"{kind}: precision {counts.Precision:0.000}, recall {counts.Recall:0.000} ({counts})");

        Assert.True(counts.Precision >= precisionFloor, $"precision {counts.Precision:0.000} < {precisionFloor}");
        Assert.True(counts.Recall >= recallFloor, $"recall {counts.Recall:0.000} < {recallFloor}");
    }

    [Fact]
    public void Evaluate_OnOrganicChatAlone_RaisesNoNarrative()
    {
        output.WriteLine(NarrativeEvaluationReport.SeedTable(evaluation.OrganicRuns));

        Assert.All(evaluation.OrganicRuns, run => Assert.Equal((run.Chat.Seed, 0), (run.Chat.Seed, run.Narratives.Count)));
    }

    [Fact]
    public void Evaluate_OverTheDemoSeeds_RaisesNoNarrativeMadeOfOrganicChatOnly()
    {
        // Seed 4 has one narrative mostly of organic lines (six quiet viewers asking about the mini lab as it appears,
        // two slogan accounts writing "mini lab" in their copies): see docs/narrative-detection.md.
        Assert.All(evaluation.CampaignRuns, run => Assert.Equal((run.Chat.Seed, 0), (run.Chat.Seed, run.OrganicOnlyNarratives)));
        Assert.Equal(1, evaluation.CampaignRuns.Sum(run => run.OrganicNarratives));
    }
}
