using RallyLive.Abstractions.Sentiment;
using RallyLive.Abstractions.Speakers;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Sentiment;

namespace RallyLive.Grains.Tests.Sentiment;

public sealed class CrowdSentimentGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task OneSecond_OfTwoStreams_BecomesABucketPerStreamAndOneForTheRally()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var main = await ViewerAsync(domain, rallyId, "main-stage", "ana", "bo");
        var kira = await ViewerAsync(domain, rallyId, "kira-live", "cy");

        await main.React(new ReactRequest("ana", DomainCluster.Taps(("cheer", 3))));
        await main.React(new ReactRequest("bo", DomainCluster.Taps(("boo", 1))));
        await kira.React(new ReactRequest("cy", DomainCluster.Taps(("love", 2))));
        await TickAsync(domain, main, kira);
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1) - Tick);
        await kira.React(new ReactRequest("cy", DomainCluster.Taps(("clap", 1))));
        await TickAsync(domain, main, kira);
        var sentiment = domain.Grains.GetGrain<ICrowdSentimentGrain>(rallyId);

        var mainBucket = Assert.Single(await sentiment.GetTimeline("main-stage"));
        var rallyBucket = Assert.Single(await sentiment.GetTimeline(null));

        Assert.Equal(DomainCluster.Taps(("cheer", 3), ("boo", 1)), mainBucket.Reactions);
        Assert.Equal(0.5, mainBucket.SentimentIndex, precision: 10);
        Assert.Equal(2, mainBucket.Viewers);
        Assert.Equal(4 * 60 / 2.0, mainBucket.Energy, precision: 10);
        Assert.Equal(DomainCluster.Taps(("cheer", 3), ("boo", 1), ("love", 2)), rallyBucket.Reactions);
        Assert.Equal(4 / 6.0, rallyBucket.SentimentIndex, precision: 10);
        Assert.Equal(3, rallyBucket.Viewers);
        Assert.Equal(("luna-vega", 0), (rallyBucket.SpeakerId, rallyBucket.SegmentIndex));
    }

    [Fact]
    public async Task WhenTheCrowdGoesQuiet_ItsLastSecondIsStillSealedAndBroadcast()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var main = await ViewerAsync(domain, rallyId, "main-stage", "ana");
        var sentiment = domain.Grains.GetGrain<ICrowdSentimentGrain>(rallyId);

        await main.React(new ReactRequest("ana", DomainCluster.Taps(("cheer", 2))));
        await TickAsync(domain, main);
        var whileItsSecondLasts = await sentiment.GetTimeline("main-stage");
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(3));
        var afterTheQuiet = await sentiment.GetTimeline("main-stage");

        Assert.Empty(whileItsSecondLasts);
        Assert.Equal(DomainCluster.Taps(("cheer", 2)), Assert.Single(afterTheQuiet).Reactions);
        Assert.Contains(domain.Broadcaster.For(rallyId).Buckets, b => b.StreamId == "main-stage" && b.Reactions.GetValueOrDefault("cheer") == 2);
    }

    [Fact]
    public async Task SpeakerSegment_EndsWithASummaryInTheSpeakersRecord_AndTheTimelineSurvivesARestart()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var main = await ViewerAsync(domain, rallyId, "main-stage", "ana");

        await main.React(new ReactRequest("ana", DomainCluster.Taps(("cheer", 5))));
        await TickAsync(domain, main);
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1));
        await main.React(new ReactRequest("ana", DomainCluster.Taps(("angry", 1))));
        await TickAsync(domain, main);
        await rally.NextSegment();
        var luna = await domain.Grains.GetGrain<ISpeakerGrain>("luna-vega").GetSnapshot();
        await domain.RestartAsync();
        var timeline = await domain.Grains.GetGrain<ICrowdSentimentGrain>(rallyId).GetTimeline("main-stage");

        var summary = Assert.Single(luna.Segments);
        Assert.Equal(("Luna Vega", "Opening call", 0), (luna.Name, summary.SegmentTitle, summary.SegmentIndex));
        Assert.Equal((5, 1), (summary.Reactions["cheer"], summary.Reactions["angry"]));
        Assert.Equal(4 / 6.0, summary.MeanSentimentIndex, precision: 10);
        Assert.Equal(5 * 60, summary.PeakEnergy, precision: 10);
        Assert.Equal([5, 0], timeline.Select(b => b.Reactions.GetValueOrDefault("cheer")));
        Assert.Equal([0, 1], timeline.Select(b => b.Reactions.GetValueOrDefault("angry")));
        Assert.All(timeline, bucket => Assert.Equal("luna-vega", bucket.SpeakerId));
    }

    [Theory]
    [InlineData(0, 0, 0, 0.0)]
    [InlineData(10, 0, 0, 1.0)]
    [InlineData(0, 10, 0, -1.0)]
    [InlineData(2, 2, 0, 0.0)]
    [InlineData(0, 0, 4, -0.5)]
    public void Index_IsTheMeanValenceOfReactionsAndChat(int cheers, int boos, int chats, double expected)
    {
        var valences = new Dictionary<string, double> { ["cheer"] = 1, ["boo"] = -1 };
        var reactions = new Dictionary<string, int> { ["cheer"] = cheers, ["boo"] = boos };

        Assert.Equal(expected, SentimentMath.Index(reactions, valences, chats, chats * -0.5), precision: 10);
    }

    [Fact]
    public void Index_StaysWithinMinusOneAndOne_ForAnyInput()
    {
        var random = new Random(2150);
        var valences = new Dictionary<string, double> { ["a"] = 1, ["b"] = -1, ["c"] = 0.3 };
        for (var i = 0; i < 500; i++)
        {
            var reactions = valences.Keys.ToDictionary(k => k, _ => random.Next(0, 1000));
            var chats = random.Next(0, 100);
            var index = SentimentMath.Index(reactions, valences, chats, chats * (random.NextDouble() * 2 - 1));
            Assert.InRange(index, -1, 1);
        }
    }

    private static async Task<IStreamGrain> ViewerAsync(DomainCluster domain, string rallyId, string streamId, params string[] viewers)
    {
        var stream = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, streamId));
        foreach (var viewer in viewers)
        {
            await stream.Join(new JoinRequest(viewer, viewer));
        }

        return stream;
    }

    /// <summary>Moves the clock one tick and waits until every stream's tick has run (a read queues behind it).</summary>
    private static async Task TickAsync(DomainCluster domain, params IStreamGrain[] streams)
    {
        await domain.Time.AdvanceAsync(Tick);
        foreach (var stream in streams)
        {
            await stream.GetSnapshot(forModerators: false);
        }
    }
}
