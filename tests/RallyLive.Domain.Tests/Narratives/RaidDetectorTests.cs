using RallyLive.Domain.Narratives;
using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

public sealed class RaidDetectorTests
{
    private readonly ChatScript _chat = new();

    /// <summary>Raiders who each join at <c>start + i/2</c> s and post their first message two seconds later.</summary>
    private IEnumerable<ChatObservation> Raiders(int count, double start, string streamId = "kira-live", string prefix = "raider") =>
        Enumerable.Range(0, count).Select(i =>
            _chat.SayAfterJoining(start + (i * 0.5) + 2, $"{prefix}-{i:00}", joinedAtSeconds: start + (i * 0.5), $"REAL SMILES ONLY {i}", 0.2, streamId));

    private static List<RaidUpdate> Feed(RaidDetector detector, IEnumerable<ChatObservation> observations) =>
        observations.Select(detector.Observe).OfType<RaidUpdate>().ToList();

    [Fact]
    public void Observe_WhenFifteenNewViewersChatWithinTenSeconds_RaisesARaid()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());

        var updates = Feed(detector, Raiders(15, start: 100));

        var raised = Assert.Single(updates);
        Assert.True(raised.IsNew);
        Assert.Equal("kira-live/raid-1", raised.Signal.RaidId);
        Assert.Equal("kira-live", raised.Signal.StreamId);
        Assert.Equal(ChatScript.At(102), raised.Signal.FirstSeen);
        Assert.Equal(ChatScript.At(109), raised.Signal.LastSeen);
        Assert.Equal(Enumerable.Range(0, 15).Select(i => $"raider-{i:00}"), raised.Signal.ViewerIds);
        Assert.Equal(Enumerable.Range(0, 5).Select(i => $"REAL SMILES ONLY {i}"), raised.Signal.SampleMessages);
        Assert.Equal(15, raised.Signal.MessageCount);
        Assert.Equal(15, raised.AttributedMessages.Count);
    }

    [Fact]
    public void Observe_WhenFourteenNewViewersChat_RaisesNothing()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());

        Assert.Empty(Feed(detector, Raiders(14, start: 100)));
    }

    [Fact]
    public void Observe_WhenViewersWhoJoinedLongAgoAllChatAtOnce_RaisesNothing()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());

        var updates = Feed(detector, Enumerable.Range(0, 30).Select(i => _chat.Say(100 + (i * 0.2), $"regular-{i}", "LETS GO", 0.6, "kira-live")));

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenTheBurstIsSplitAcrossStreams_RaisesNothing()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());

        var updates = Feed(detector, Raiders(10, start: 100, "kira-live", "a").Concat(Raiders(10, start: 100, "main-stage", "b")).OrderBy(o => o.At));

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenTheStreamUsuallyGetsManyNewChatters_NeedsThreeTimesItsUsualBurst()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        // Five minutes of a busy arrival: one new chatter every two seconds, so five per ten-second window, each of whom
        // stays and chats again half a minute later.
        var arrivals = Enumerable.Range(0, 150)
            .SelectMany(i => new[]
            {
                _chat.SayAfterJoining(i * 2, $"newcomer-{i}", joinedAtSeconds: (i * 2) - 5, "hi from district 9!", 0.3, "kira-live"),
                _chat.SayAfterJoining((i * 2) + 30, $"newcomer-{i}", joinedAtSeconds: (i * 2) - 5, "great speech", 0.5, "kira-live"),
            })
            .Where(o => o.At < ChatScript.At(300))
            .OrderBy(o => o.At);
        Assert.Empty(Feed(detector, arrivals));

        var fourteenPerWindow = Feed(detector, Raiders(14, start: 300, prefix: "small"));
        var twenty = Feed(detector, Raiders(20, start: 330, prefix: "big"));

        Assert.Empty(fourteenPerWindow);
        Assert.Equal([true], twenty.Where(u => u.IsNew).Select(u => u.IsNew));
    }

    /// <summary>A stream's audience arriving as its chat begins: newcomers greeting a few seconds after they join.</summary>
    private IEnumerable<ChatObservation> ArrivingAudience(int count, double start, double spacing, string prefix) =>
        Enumerable.Range(0, count).Select(i =>
            _chat.SayAfterJoining(start + (i * spacing) + 3, $"{prefix}-{i:00}", joinedAtSeconds: start + (i * spacing), "hi everyone!", 0.4, "kira-live"));

    [Fact]
    public void Observe_WhenAStreamsAudienceArrivesAndGreetsAtOnce_RaisesNothing()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        // The first viewers greet as they trickle in, then the crowd arrives: twenty greetings within ten seconds.
        var trickle = ArrivingAudience(10, start: 0, spacing: 2, "early");
        var crowd = ArrivingAudience(20, start: 22, spacing: 0.4, "crowd");

        Assert.Empty(Feed(detector, trickle.Concat(crowd)));
    }

    [Fact]
    public void Observe_WhenTheArrivedAudienceHasSettled_RaisesARaidOnIt()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        var arrived = ArrivingAudience(10, start: 0, spacing: 2, "early").ToList();
        // Half a minute later they are the stream's audience, and chat as such.
        var settled = arrived.Select((o, i) => _chat.SayAfterJoining(60 + i, o.ViewerId, joinedAtSeconds: (o.ViewerJoinedAt - ChatScript.At(0)).TotalSeconds, "great speech", 0.5, "kira-live"));
        Assert.Empty(Feed(detector, arrived.Concat(settled)));

        var raid = Feed(detector, Raiders(15, start: 100));

        Assert.Equal([true], raid.Select(u => u.IsNew));
    }

    [Fact]
    public void Observe_AfterARaid_AttributesItsViewersLaterMessagesOnly()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        Feed(detector, Raiders(15, start: 100));

        var raiderAgain = detector.Observe(_chat.SayAfterJoining(130, "raider-03", joinedAtSeconds: 101.5, "natural teeth gang", 0.3, "kira-live"));
        var regular = detector.Observe(_chat.Say(131, "regular-1", "hi all", 0.3, "kira-live"));

        Assert.NotNull(raiderAgain);
        Assert.Equal((false, 16, "natural teeth gang"), (raiderAgain.IsNew, raiderAgain.Signal.MessageCount, Assert.Single(raiderAgain.AttributedMessages).Text));
        Assert.Null(regular);
    }

    [Fact]
    public void Observe_WhenTheRaidersFellSilent_TreatsTheNextBurstAsANewRaid()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        var first = Feed(detector, Raiders(15, start: 100, prefix: "first"));

        var second = Feed(detector, Raiders(15, start: 400, prefix: "second"));

        Assert.Equal(["kira-live/raid-1"], first.Select(u => u.Signal.RaidId));
        Assert.Equal(["kira-live/raid-2"], second.Where(u => u.IsNew).Select(u => u.Signal.RaidId));
    }

    [Fact]
    public void Observe_WhileTheBurstGoesOn_AddsLateArrivalsToTheRaid()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());

        var updates = Feed(detector, Raiders(20, start: 100));

        Assert.Equal([true, false, false, false, false, false], updates.Select(u => u.IsNew));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"raider-{i:00}"), updates[^1].Signal.ViewerIds);
    }

    [Fact]
    public void Observe_WhenNewcomersWhoJoinedOnTheirOwnChatDuringTheBurst_LeavesThemOutOfTheRaid()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        var before = _chat.SayAfterJoining(104.5, "newcomer-before", joinedAtSeconds: 97.5, "hi all, first time here", 0.3, "kira-live");
        var after = _chat.SayAfterJoining(112, "newcomer-after", joinedAtSeconds: 111, "which stream has the best view?", 0, "kira-live");

        var updates = Feed(detector, Raiders(20, start: 100).Append(before).Append(after).OrderBy(o => o.At));

        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"raider-{i:00}"), updates[^1].Signal.ViewerIds);
    }

    [Fact]
    public void Observe_WhenARaiderChatsBeforeTheRaidersWhoJoinedBesideThem_TakesThemWhenTheirNeighbourChats()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        Feed(detector, Raiders(15, start: 100));                 // joined 100 to 107: raised at 109
        var early = _chat.SayAfterJoining(110, "raider-far", joinedAtSeconds: 108.8, "we are here", 0, "kira-live");
        var between = _chat.SayAfterJoining(114, "raider-between", joinedAtSeconds: 107.9, "hello from the other stream", 0, "kira-live");

        var alone = detector.Observe(early);
        var joined = detector.Observe(between);

        Assert.Null(alone);
        Assert.NotNull(joined);
        Assert.Equal(new[] { between.MessageId, early.MessageId }.Order(StringComparer.Ordinal), joined.AttributedMessages.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Contains("raider-far", joined.Signal.ViewerIds);
    }

    [Fact]
    public void Expire_WhenAStreamHasBeenSilentForABaselineWindow_ForgetsIt()
    {
        var detector = new RaidDetector(new RaidDetectionOptions());
        Feed(detector, Raiders(15, start: 100));

        detector.Expire(ChatScript.At(100 + 9 + 60));
        var whileRecent = detector.TrackedStreams;
        detector.Expire(ChatScript.At(109 + 301));

        Assert.Equal((1, 0), (whileRecent, detector.TrackedStreams));
    }
}
