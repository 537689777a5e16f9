using RallyLive.Domain.Narratives;
using RallyLive.Domain.Sentiment;
using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Server.Tests;

/// <summary>
/// The demo's crowds, played through the counter-narrative detector in scenario time as the server would see them at
/// speed 1: every scripted campaign is raised as a narrative made mostly of its messages, and the organic crowd raises
/// nothing by itself. The detector runs with its defaults; the crowd is what the scenario files and the plan make.
/// </summary>
public sealed class ScenarioDetectionTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 18, 0, 0, TimeSpan.Zero);

    /// <summary>The shipped scenarios at the demo's size with the default settings, and the in-process test's short rally as <see cref="LiveDemoTests"/> plays it.</summary>
    public static TheoryData<string, int, int, TimeSpan?> Crowds => new()
    {
        { Path.Combine("Scenarios", "true-smile.json"), 300, 1, null },
        { Path.Combine("Scenarios", "true-smile.json"), 300, 2, null },
        { Path.Combine("Scenarios", "true-smile.json"), 300, 3, null },
        { Path.Combine("Scenarios", "smile-exchange.json"), 300, 1, null },
        { Path.Combine("Scenarios", "smile-exchange.json"), 300, 2, null },
        { Path.Combine("Scenarios", "smile-exchange.json"), 300, 3, null },
        { LiveDemoTests.ShortRally, 60, 1, LiveDemoTests.ShortRallyWarmUp },
        { LiveDemoTests.ShortRally, 60, 2, LiveDemoTests.ShortRallyWarmUp },
        { LiveDemoTests.ShortRally, 60, 3, LiveDemoTests.ShortRallyWarmUp },
    };

    [Theory]
    [MemberData(nameof(Crowds))]
    public void EveryCampaignIsRaised_AndOrganicChatRaisesNothing(string file, int viewers, int seed, TimeSpan? warmUp)
    {
        var scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, file));
        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(viewers, seed, TimeSpan.FromSeconds(20)));
        var defaults = new NarrativeDetectionOptions();

        var (narratives, campaignOf) = Play(plan, defaults with { WarmUp = warmUp ?? defaults.WarmUp });

        for (var c = 0; c < plan.Campaigns.Count; c++)
        {
            var campaign = plan.Campaigns[c];
            Assert.True(narratives.Values.Any(n => IsRaid(n.Kind) == (campaign.Kind == CampaignKind.Raid) && MostlyFrom(n, c, campaignOf)),
                $"the {campaign.Kind} campaign of beat '{campaign.Beat}' was not raised; raised: "
                + string.Join("; ", narratives.Values.Select(n => $"{n.Kind} \"{n.Narrative.RepresentativeText}\" ({n.MessageIds.Count(id => campaignOf[id] == c)} of {n.MessageIds.Count} its)")));
        }

        Assert.All(narratives.Values, n => Assert.True(Enumerable.Range(0, plan.Campaigns.Count).Any(c => MostlyFrom(n, c, campaignOf)),
            $"{n.Kind} \"{n.Narrative.RepresentativeText}\" from {n.Narrative.DistinctViewers} viewers is made mostly of organic messages"));
    }

    /// <summary>Feeds every planned chat message to a detector, with a tick each second, and gathers its narratives' messages.</summary>
    private static (Dictionary<string, Raised> Narratives, Dictionary<string, int> CampaignOf) Play(CrowdPlan plan, NarrativeDetectionOptions options)
    {
        var detector = new NarrativeDetector(options);
        var narratives = new Dictionary<string, Raised>(StringComparer.Ordinal);
        var campaignOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var streamOf = new Dictionary<int, (string Stream, DateTimeOffset JoinedAt)>();
        var nextTick = TimeSpan.FromSeconds(1);

        void Take(IEnumerable<NarrativeUpdate> updates)
        {
            foreach (var update in updates)
            {
                var raised = narratives.TryGetValue(update.Narrative.Id, out var known) ? known : narratives[update.Narrative.Id] = new Raised(update.Narrative);
                raised.Narrative = update.Narrative;
                raised.MessageIds.UnionWith(update.AttributedMessageIds);
            }
        }

        for (var a = 0; a < plan.Actions.Count; a++)
        {
            var action = plan.Actions[a];
            for (; nextTick <= action.At; nextTick += TimeSpan.FromSeconds(1))
            {
                Take(detector.Tick(Start + nextTick));
            }

            switch (action.Kind)
            {
                case PlannedActionKind.Join or PlannedActionKind.SwitchStream:
                    streamOf[action.Viewer] = (plan.Streams[action.Stream], Start + action.At);
                    break;
                case PlannedActionKind.Leave:
                    streamOf.Remove(action.Viewer);
                    break;
                case PlannedActionKind.Chat when streamOf.TryGetValue(action.Viewer, out var watching):
                    var id = $"m{a}";
                    var text = plan.Lines[action.Item];
                    campaignOf[id] = action.Option;
                    Take(detector.Observe(new ChatObservation(id, Start + action.At, watching.Stream, $"v{action.Viewer}", watching.JoinedAt, text,
                        ChatSentimentScorer.Default.Score(text))));
                    break;
            }
        }

        return (narratives, campaignOf);
    }

    /// <summary>
    /// A slogan or talking point must come out as a text narrative, either kind: a slogan whose copies vary becomes a
    /// paraphrase, a talking point whose wordings share most of their text a near-duplicate; the organiser sees it either way.
    /// </summary>
    private static bool IsRaid(NarrativeKind kind) => kind == NarrativeKind.Raid;

    private static bool MostlyFrom(Raised narrative, int campaign, Dictionary<string, int> campaignOf) =>
        narrative.MessageIds.Count(id => campaignOf[id] == campaign) * 2 > narrative.MessageIds.Count;

    private sealed class Raised(Narrative narrative)
    {
        public Narrative Narrative { get; set; } = narrative;

        public NarrativeKind Kind => Narrative.Kind;

        public HashSet<string> MessageIds { get; } = new(StringComparer.Ordinal);
    }
}
