using System.Collections.Immutable;
using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Simulator.Tests;

public sealed class CrowdPlanTests
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(20);

    [Fact]
    public void SameSeed_GivesTheSamePlan_AnotherSeedAnother()
    {
        var scenario = ShippedScenario("true-smile.json");

        var first = CrowdPlan.Create(scenario, new CrowdPlanOptions(300, 7, Quiet));
        var again = CrowdPlan.Create(scenario, new CrowdPlanOptions(300, 7, Quiet));
        var other = CrowdPlan.Create(scenario, new CrowdPlanOptions(300, 8, Quiet));

        Assert.Equal(first.Actions, again.Actions);
        Assert.Equal(first.Lines, again.Lines);
        Assert.NotEqual(first.Actions, other.Actions);
    }

    [Fact]
    public void Audience_JoinsByTheBeatsShares_InTheFirstHalfOfTheBeat_OnStreamsInExactShares()
    {
        var scenario = Scenario(
            Beat("warm-up", 0, 60, audience: 0.5, shares: new() { ["stage"] = 0.6, ["street"] = 0.4 }),
            Beat("speech", 60, 60, audience: 1, shares: new() { ["stage"] = 0.5, ["street"] = 0.5 }),
            Beat("dispersal", 120, 60, audience: 0.25, shares: new() { ["stage"] = 1 }));

        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(100, 1, Quiet));

        var joins = plan.Actions.Where(a => a.Kind == PlannedActionKind.Join).ToList();
        Assert.Equal(100, joins.Count);
        Assert.Equal(Enumerable.Range(0, 50), joins.Where(a => a.At < TimeSpan.FromSeconds(60)).Select(a => a.Viewer).Order());
        Assert.All(joins, a => Assert.True(a.At.TotalSeconds % 60 <= 30, $"joined at {a.At}"));
        Assert.Equal([30, 20], StreamsAt(plan, TimeSpan.FromSeconds(59)));
        Assert.Equal([50, 50], StreamsAt(plan, TimeSpan.FromSeconds(119)));
        var leaves = plan.Actions.Where(a => a.Kind == PlannedActionKind.Leave).ToList();
        Assert.Equal(Enumerable.Range(25, 75), leaves.Select(a => a.Viewer).Order());
        Assert.All(leaves, a => Assert.InRange(a.At.TotalSeconds, 120, 150));
    }

    [Fact]
    public void Audience_StaysQuietAfterJoiningOrSwitchingStream()
    {
        var plan = CrowdPlan.Create(ShippedScenario("true-smile.json"), new CrowdPlanOptions(300, 3, Quiet));

        var arrivals = plan.Actions.Where(a => a.Kind is PlannedActionKind.Join or PlannedActionKind.SwitchStream)
            .GroupBy(a => a.Viewer).ToDictionary(g => g.Key, g => g.Select(a => a.At).ToList());
        var chat = plan.Actions.Where(a => a.Kind == PlannedActionKind.Chat && plan.Viewers[a.Viewer].Role == ViewerRole.Audience).ToList();

        Assert.NotEmpty(chat);
        Assert.All(chat, line =>
        {
            var lastArrival = arrivals[line.Viewer].Where(at => at <= line.At).Max();
            Assert.True(line.At - lastArrival >= Quiet, $"viewer {line.Viewer} chats {line.At - lastArrival} after arriving");
        });
    }

    [Fact]
    public void Taps_FollowTheBeatsRateAndMix()
    {
        var scenario = Scenario(Beat("cheering", 0, 60, audience: 1, shares: new() { ["stage"] = 1 }) with
        {
            ReactionsPerViewerPerMinute = 12,
            ReactionMix = ImmutableDictionary.CreateRange(new Dictionary<string, double> { ["cheer"] = 0.75, ["boo"] = 0.25 }),
        });

        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(200, 5, Quiet));

        var taps = plan.Actions.Where(a => a.Kind == PlannedActionKind.Tap).ToList();
        var joinedAt = plan.Actions.Where(a => a.Kind == PlannedActionKind.Join).ToDictionary(a => a.Viewer, a => a.At);
        // Each viewer watches from joining (within the first half) to the end: 12 a minute for 45 s on average.
        Assert.InRange(taps.Count, 200 * 12 * 0.75 * 0.9, 200 * 12 * 0.75 * 1.1);
        Assert.InRange(taps.Count(t => plan.Reactions[t.Item] == "cheer") / (double)taps.Count, 0.7, 0.8);
        Assert.All(taps, t => Assert.InRange(t.At, joinedAt[t.Viewer], TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Chat_SaysEachLineInOneOfItsWordings_EveryWordingHeard()
    {
        string[] question = ["how does the lab work?", "so how does the mini-lab work", "how does it actually work?"];
        var scenario = Scenario(Beat("questions", 0, 60, audience: 1, shares: new() { ["stage"] = 1 }) with
        {
            ChatPerViewerPerMinute = 6,
            ChatLines = ["great idea", string.Join(" | ", question)],
        });

        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(200, 5, Quiet));

        var said = plan.Actions.Where(a => a.Kind == PlannedActionKind.Chat).Select(a => plan.Lines[a.Item]).ToList();
        Assert.Equal(question.Append("great idea").Order(StringComparer.Ordinal), said.Distinct().Order(StringComparer.Ordinal));
        // Half the chat is the question, split about evenly between its three wordings.
        Assert.All(question, wording => Assert.InRange(said.Count(l => l == wording) / (double)said.Count, 0.12, 0.22));
    }

    [Fact]
    public void Votes_EveryWatcherVotesOnce_InThePollsExactShares_WhileThePollIsOpen()
    {
        var scenario = Scenario(
            Beat("warm-up", 0, 30, audience: 0.5, shares: new() { ["stage"] = 1 }),
            Beat("poll", 30, 60, audience: 0.9, shares: new() { ["stage"] = 1 }) with
            {
                Poll = new PollBeat("First?", ["Check-ups", "Co-ops", "Art"], [0.5, 0.3, 0.2]),
            });

        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(101, 9, Quiet));

        var poll = Assert.Single(plan.Polls);
        var votes = plan.Actions.Where(a => a.Kind == PlannedActionKind.Vote).ToList();
        var opened = Assert.Single(plan.Actions, a => a.Kind == PlannedActionKind.OpenPoll).At;
        var closed = Assert.Single(plan.Actions, a => a.Kind == PlannedActionKind.ClosePoll).At;
        Assert.Equal([46, 27, 18], poll.Planned);
        Assert.Equal(91, votes.Select(v => v.Viewer).Distinct().Count());
        Assert.Equal(poll.Planned, Enumerable.Range(0, 3).Select(option => votes.Count(v => v.Option == option)));
        Assert.All(votes, v => Assert.InRange(v.At, opened, closed));
        Assert.Equal((TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(90)), (opened, closed));
    }

    [Fact]
    public void Campaigns_RaidersChatOnArrival_SloganAccountsArriveWellBeforePosting()
    {
        var plan = CrowdPlan.Create(ShippedScenario("smile-exchange.json"), new CrowdPlanOptions(100, 2, Quiet));

        var raid = Assert.Single(plan.Campaigns, c => c.Kind == CampaignKind.Raid);
        var paraphrase = Assert.Single(plan.Campaigns, c => c.Kind == CampaignKind.Paraphrase);
        foreach (var viewer in plan.Viewers.Where(v => v.Role != ViewerRole.Audience))
        {
            var join = Assert.Single(plan.Actions, a => a.Viewer == viewer.Index && a.Kind == PlannedActionKind.Join);
            var post = Assert.Single(plan.Actions, a => a.Viewer == viewer.Index && a.Kind == PlannedActionKind.Chat);
            Assert.Equal(viewer.Campaign, post.Option);
            if (viewer.Role == ViewerRole.Raider)
            {
                Assert.InRange(post.At - join.At, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
            }
            else
            {
                Assert.True(post.At - join.At > Quiet, $"a campaign account posts {post.At - join.At} after joining");
            }
        }

        Assert.Equal(40, plan.Viewers.Count(v => v.Role == ViewerRole.Raider && plan.Campaigns[v.Campaign] == raid));
        Assert.Equal(25, plan.Viewers.Count(v => v.Role == ViewerRole.CampaignAccount && plan.Campaigns[v.Campaign] == paraphrase));
    }

    [Theory]
    [InlineData(10, new[] { 0.4, 0.3, 0.2, 0.1 }, new[] { 4, 3, 2, 1 })]
    [InlineData(7, new[] { 0.5, 0.5 }, new[] { 4, 3 })]
    [InlineData(3, new[] { 0.6, 0.3, 0.1 }, new[] { 2, 1, 0 })]
    [InlineData(0, new[] { 1.0 }, new[] { 0 })]
    public void Apportion_SplitsExactlyByShares(int total, double[] shares, int[] expected) =>
        Assert.Equal(expected, CrowdPlan.Apportion(total, shares));

    private static int[] StreamsAt(CrowdPlan plan, TimeSpan at)
    {
        var stream = new Dictionary<int, int>();
        foreach (var action in plan.Actions.Where(a => a.At <= at))
        {
            switch (action.Kind)
            {
                case PlannedActionKind.Join or PlannedActionKind.SwitchStream:
                    stream[action.Viewer] = action.Stream;
                    break;
                case PlannedActionKind.Leave:
                    stream.Remove(action.Viewer);
                    break;
            }
        }

        return [.. plan.Streams.Select((_, i) => stream.Values.Count(s => s == i))];
    }

    [Fact]
    public void Questions_AreAskedByDistinctWatchers_ApprovedBeforeUpvoted_AndOneIsShownNearTheEnd()
    {
        var beat = Beat("q-and-a", 0, 100, audience: 1, shares: new() { ["stage"] = 1 }) with
        {
            Questions = new QuestionsBeat(["Where next?", "Who pays?", "Is it safe?"], UpvoteShare: 0.5, Show: 1),
        };

        var plan = CrowdPlan.Create(Scenario(beat), new CrowdPlanOptions(100, 5, Quiet));

        var asks = plan.Actions.Where(a => a.Kind == PlannedActionKind.AskQuestion).ToList();
        var approvals = plan.Actions.Where(a => a.Kind == PlannedActionKind.ApproveQuestion).ToList();
        var upvotes = plan.Actions.Where(a => a.Kind == PlannedActionKind.UpvoteQuestion).ToList();
        var show = Assert.Single(plan.Actions, a => a.Kind == PlannedActionKind.ShowQuestion);
        Assert.Equal(["Where next?", "Who pays?", "Is it safe?"], plan.Questions.Select(q => q.Text));
        Assert.Equal(3, asks.Select(a => a.Viewer).Distinct().Count());
        Assert.Equal([0, 1, 2], approvals.Select(a => a.Item).Order());
        Assert.All(approvals, a => Assert.Equal(-1, a.Viewer));
        Assert.Equal(Math.Round(0.5 * 97), upvotes.Count);
        Assert.Equal(upvotes.Count, plan.Questions.Sum(q => q.Upvotes));
        Assert.Equal(upvotes.Count, upvotes.Select(a => a.Viewer).Distinct().Count());
        Assert.DoesNotContain(upvotes, a => asks.Any(ask => ask.Viewer == a.Viewer));
        // An upvote due before its question's approval waits for it when the crowd plays; the plan only orders ask and approval.
        Assert.All(approvals, a => Assert.True(a.At >= asks.Single(ask => ask.Item == a.Item).At));
        Assert.True(upvotes.Max(a => a.At) < show.At);
        Assert.Equal((1, TimeSpan.FromSeconds(85)), (show.Item, show.At));
        Assert.True(plan.Questions[0].Upvotes > plan.Questions[2].Upvotes, "the first question is the most wanted");
    }

    internal static Scenario ShippedScenario(string file) => ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));

    private static Scenario Scenario(params Beat[] beats) => new(
        "Test", new RallySetup("Test", [new StreamSetup("stage", "Stage"), new StreamSetup("street", "Street")]), 100, [.. beats]);

    private static Beat Beat(string label, int atSeconds, int seconds, double audience, Dictionary<string, double> shares) =>
        new(label, TimeSpan.FromSeconds(atSeconds), TimeSpan.FromSeconds(seconds), audience, shares.ToImmutableDictionary());
}
