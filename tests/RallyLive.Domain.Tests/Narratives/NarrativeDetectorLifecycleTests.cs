using RallyLive.Domain.Moderation;
using RallyLive.Domain.Narratives;
using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>How narratives age, trend and expire, and the raid and sentiment-surge signals through the detector.</summary>
public sealed class NarrativeDetectorLifecycleTests
{
    private const string Slogan = "the mini-lab is unsafe";

    private readonly ChatScript _chat = new();
    // No warm-up: each test's chat starts with the behaviour it is about.
    private readonly NarrativeDetector _detector = new(new NarrativeDetectionOptions { WarmUp = TimeSpan.Zero });

    /// <summary>Eight viewers post the slogan one second apart from <paramref name="start"/>: enough to raise it.</summary>
    private List<NarrativeUpdate> RaiseSlogan(double start, string prefix = "insider") =>
        ChatScript.Feed(_detector, Enumerable.Range(0, 8).Select(i => _chat.Say(start + i, $"{prefix}-{i}", Slogan, -0.49)));

    [Fact]
    public void Tick_WhenANarrativeHasBeenQuietForItsIdleExpiry_ReportsItExpired()
    {
        var raised = Assert.Single(RaiseSlogan(start: 0));

        var justBefore = _detector.Tick(ChatScript.At(7 + 120));
        var after = _detector.Tick(ChatScript.At(7 + 121));

        Assert.DoesNotContain(justBefore, u => u.Change == NarrativeChange.Expired);
        var expired = Assert.Single(after);
        Assert.Equal((raised.Narrative.Id, NarrativeChange.Expired, NarrativeTrend.Falling), (expired.Narrative.Id, expired.Change, expired.Narrative.Trend));
        Assert.Empty(_detector.ActiveNarratives);
    }

    [Fact]
    public void Observe_WhenTheSloganComesBackAfterItsNarrativeExpired_RaisesANewNarrative()
    {
        var first = Assert.Single(RaiseSlogan(start: 0));
        _detector.Tick(ChatScript.At(200));

        var second = Assert.Single(RaiseSlogan(start: 300, prefix: "second-wave"));

        Assert.Equal((NarrativeChange.Raised, "n-1", "n-2"), (second.Change, first.Narrative.Id, second.Narrative.Id));
    }

    [Fact]
    public void Observe_WhenTheSloganComesBackAfterALull_JoinsItsNarrative()
    {
        RaiseSlogan(start: 0);

        // 90 s later every earlier copy has left the index; the narrative's remembered signatures still match.
        var again = _detector.Observe(_chat.Say(97, "latecomer", "the mini-lab is unsafe!!", -0.59));

        var update = Assert.Single(again);
        Assert.Equal(("n-1", NarrativeChange.Updated, 9), (update.Narrative.Id, update.Change, update.Narrative.MessageCount));
    }

    [Fact]
    public void Tick_WhenTheCampaignStops_ReportsTheTrendFalling()
    {
        var raised = Assert.Single(RaiseSlogan(start: 0));

        var later = Assert.Single(_detector.Tick(ChatScript.At(40)));

        Assert.Equal((NarrativeTrend.Rising, NarrativeTrend.Falling), (raised.Narrative.Trend, later.Narrative.Trend));
    }

    [Fact]
    public void Tick_WhenTheCampaignKeepsItsPace_ReportsTheTrendSteady()
    {
        RaiseSlogan(start: 0);
        ChatScript.Feed(_detector, Enumerable.Range(0, 28).Select(i => _chat.Say(9 + (i * 3), $"steady-{i}", Slogan, -0.49)));

        _detector.Tick(ChatScript.At(90));

        Assert.Equal(NarrativeTrend.Steady, Assert.Single(_detector.ActiveNarratives).Trend);
    }

    [Fact]
    public void Observe_WhenFifteenNewViewersChatAtOnce_RaisesARaidNarrative()
    {
        var raiders = Enumerable.Range(0, 15).Select(i => _chat.SayAfterJoining(100 + (i * 0.5), $"raider-{i}", joinedAtSeconds: 98 + (i * 0.5), $"authenticity now {i}", 0.2, "kira-live"));

        var updates = ChatScript.Feed(_detector, raiders);

        var raid = Assert.Single(updates);
        Assert.Equal(
            (NarrativeKind.Raid, NarrativeChange.Raised, 15, "kira-live", ChatScript.At(100)),
            (raid.Narrative.Kind, raid.Change, raid.Narrative.DistinctViewers, Assert.Single(raid.Narrative.Streams), raid.Narrative.FirstSeen));
        Assert.Equal(Enumerable.Range(1, 15).Select(i => $"m-{i}"), raid.AttributedMessageIds);
    }

    [Fact]
    public void Observe_WhenAStreamTurnsSharplyAgainstItsOwnMood_RaisesAnOpposingSentimentSurge()
    {
        // Four minutes of warm chat from forty viewers, then fifteen viewers turn on the stream within half a minute.
        ChatScript.Feed(_detector, Enumerable.Range(0, 120).Select(i => _chat.Say(i * 2, $"regular-{i % 40}", $"great point {i}", 0.4)));
        var negatives = Enumerable.Range(0, 15).Select(i => _chat.Say(240 + (i * 2), $"critic-{i}", $"boo {i}", -0.5)).ToList();

        var updates = ChatScript.Feed(_detector, negatives);

        var raised = Assert.Single(updates, u => u.Change == NarrativeChange.Raised);
        Assert.Equal((NarrativeKind.OpposingSentimentSurge, "main-stage"), (raised.Narrative.Kind, Assert.Single(raised.Narrative.Streams)));
        Assert.StartsWith("Chat on main-stage turned against the stream's mood", raised.Narrative.RepresentativeText, StringComparison.Ordinal);
        Assert.Equal(negatives.Select(n => n.MessageId), updates.SelectMany(u => u.AttributedMessageIds));
        Assert.Equal((15, 15), (updates[^1].Narrative.MessageCount, updates[^1].Narrative.DistinctViewers));
    }

    [Fact]
    public void Observe_WhenAStreamHasNoBaselineYet_RaisesNoSurge()
    {
        var updates = ChatScript.Feed(_detector, Enumerable.Range(0, 30).Select(i => _chat.Say(i, $"critic-{i}", $"boo {i}", -0.5)));

        Assert.Empty(updates);
    }

    [Fact]
    public void Tick_AfterAnHourOfSilence_LeavesNothingInMemory()
    {
        var chat = SyntheticChatGenerator.Generate(new SyntheticChatOptions
        {
            Seed = 7,
            Viewers = 1500,
            Duration = TimeSpan.FromMinutes(30),
            Campaigns = SyntheticChatGenerator.DemoCampaigns(7),
        });
        var last = chat.Messages[^1].Observation.At;
        foreach (var message in chat.Messages)
        {
            _detector.Observe(message.Observation);
        }

        var inWindow = chat.Messages.Count(m => m.Observation.At >= last - TimeSpan.FromSeconds(60)
            && ChatText.ContentWords(TextNormalizer.ForMatching(m.Observation.Text), 10).Count >= 2);
        var whileLive = _detector.Footprint;
        _detector.Tick(last + TimeSpan.FromHours(1));

        Assert.Equal((inWindow, inWindow), (whileLive.WindowMessages, whileLive.IndexEntries));
        Assert.Equal(new NarrativeDetectorFootprint(0, 0, 0, 0, 0, 0, 0), _detector.Footprint);
    }

    [Fact]
    public void Constructor_WithFewerThanTwoDistinctViewers_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new NarrativeDetector(new NarrativeDetectionOptions { MinimumDistinctViewers = 1 }));
    }

    [Theory]
    [InlineData(5, 0, NarrativeTrend.Rising)]
    [InlineData(7, 4, NarrativeTrend.Rising)]
    [InlineData(6, 4, NarrativeTrend.Steady)]
    [InlineData(6, 5, NarrativeTrend.Steady)]
    [InlineData(4, 5, NarrativeTrend.Steady)]
    [InlineData(3, 5, NarrativeTrend.Falling)]
    [InlineData(0, 0, NarrativeTrend.Falling)]
    public void Classify_ComparesTheLastWindowWithThePrevious(int last, int previous, NarrativeTrend expected)
    {
        Assert.Equal(expected, NarrativeTrends.Classify(last, previous, risingRatio: 1.5, fallingRatio: 0.67));
    }
}
