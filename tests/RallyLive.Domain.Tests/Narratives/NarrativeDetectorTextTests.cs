using RallyLive.Domain.Narratives;
using Xunit;

namespace RallyLive.Domain.Tests.Narratives;

/// <summary>What the detector raises, and refuses to raise, from what viewers write.</summary>
public sealed class NarrativeDetectorTextTests
{
    /// <summary>"the mini-lab is unsafe" as ten accounts paste it (sentiment as the rally's lexicon scorer gives it).</summary>
    private static readonly string[] Slogans =
    [
        "the mini-lab is unsafe", "The mini-lab is UNSAFE!", "the mini lab is unsafe!!", "fyi the minilab is unsafe",
        "THE MINI-LAB IS UNSAFE", "the mini-lab is unsafe.", "PSA: the mini-lab is unsafe", "the mini-lab is unsafe!!!",
        "the minilab is unsafe", "mini-lab is unsafe ⚠️",
    ];

    /// <summary>"He was paid to switch sides" in ten wordings; none is a near-duplicate of most others.</summary>
    private static readonly string[] Paraphrases =
    [
        "he was paid to switch sides", "they paid him to switch sides, wake up", "rivers got paid to switch sides obviously",
        "paid shill, switched sides for the cash", "how much did they pay him to switch sides?", "nobody switches sides for free, who paid him",
        "bought and paid for. switched sides", "switching sides pays well i guess", "funny how the doc switched sides once someone paid",
        "dr rivers switched sides because someone paid him",
    ];

    /// <summary>Another wording of <see cref="Paraphrases"/>: two of its words ("rivers", "cash"), none of its pairs.</summary>
    private static readonly string[] TheClaimInItsWords = ["rivers took the cash", "Rivers took the cash!", "rivers took the cash, sure"];

    private readonly ChatScript _chat = new();
    // No warm-up: each test's chat starts with the behaviour it is about.
    private readonly NarrativeDetector _detector = new(new NarrativeDetectionOptions { WarmUp = TimeSpan.Zero });

    private List<NarrativeUpdate> Post(IEnumerable<string> texts, double sentiment, double everySeconds = 1, double startSeconds = 0) =>
        ChatScript.Feed(_detector, texts.Select((text, i) => _chat.Say(startSeconds + (i * everySeconds), $"viewer-{i:00}", text, sentiment)));

    [Fact]
    public void Observe_WhenTenViewersPostTheSameSlogan_RaisesOneNearDuplicateNarrative()
    {
        var updates = Post(Slogans, sentiment: -0.49);

        var raised = Assert.Single(updates, u => u.Change == NarrativeChange.Raised);
        var latest = updates[^1].Narrative;
        Assert.Equal(NarrativeKind.NearDuplicate, raised.Narrative.Kind);
        Assert.Equal(Enumerable.Range(1, 8).Select(i => $"m-{i}"), raised.AttributedMessageIds);
        Assert.All(updates, u => Assert.Equal(raised.Narrative.Id, u.Narrative.Id));
        Assert.Equal(
            ("the mini-lab is unsafe", 10, 10, "main-stage", ChatScript.At(0), ChatScript.At(9), NarrativeTrend.Rising, NarrativeStatus.Open),
            (latest.RepresentativeText, latest.MessageCount, latest.DistinctViewers, Assert.Single(latest.Streams), latest.FirstSeen, latest.LastSeen, latest.Trend, latest.Status));
        Assert.Equal(["the mini-lab is unsafe", "the mini lab is unsafe!!", "fyi the minilab is unsafe", "PSA: the mini-lab is unsafe", "mini-lab is unsafe ⚠️"], latest.Samples);
        Assert.Equal(-0.49, latest.MeanSentiment, precision: 10);
        Assert.Equal(NarrativeStance.Opposes, latest.Stance);
    }

    [Theory]
    [InlineData(7, 0)]
    [InlineData(8, 1)]
    public void Observe_NeedsEightDistinctViewers(int viewers, int raised)
    {
        var updates = Post(Slogans.Take(viewers), sentiment: -0.49);

        Assert.Equal(raised, updates.Count(u => u.Change == NarrativeChange.Raised));
    }

    [Fact]
    public void Observe_WhenOneViewerPostsTheSameSloganFortyTimes_RaisesNothing()
    {
        var updates = ChatScript.Feed(_detector, Enumerable.Range(0, 40).Select(i => _chat.Say(i, "spammer", Slogans[i % Slogans.Length], -0.49)));

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenEightViewersPostTheSloganOverMoreThanAMinute_RaisesNothing()
    {
        // Ten seconds apart: the 60 s window never holds more than seven of them.
        var updates = Post(Slogans.Take(8), sentiment: -0.49, everySeconds: 10);

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenTenViewersParaphraseOneClaim_RaisesOneParaphraseNarrative()
    {
        var updates = Post(Paraphrases, sentiment: -0.38);

        var raised = Assert.Single(updates, u => u.Change == NarrativeChange.Raised);
        Assert.Equal(NarrativeKind.Paraphrase, raised.Narrative.Kind);
        Assert.All(updates, u => Assert.Equal(raised.Narrative.Id, u.Narrative.Id));
        Assert.Equal(
            Enumerable.Range(1, 10).Select(i => $"m-{i}").Order(StringComparer.Ordinal),
            updates.SelectMany(u => u.AttributedMessageIds).Order(StringComparer.Ordinal));
        Assert.Equal((10, 10), (updates[^1].Narrative.MessageCount, updates[^1].Narrative.DistinctViewers));
    }

    [Fact]
    public void Observe_WhenAFewAccountsWordTheClaimWithItsWordsButNoneOfItsPairs_TheyJoinIt()
    {
        var updates = Post(Paraphrases, sentiment: -0.38);
        var theme = Assert.Single(updates, u => u.Change == NarrativeChange.Raised).Narrative.Id;

        // "rivers" and "cash" are both the claim's words, never written together: too few accounts to raise, one claim.
        var more = ChatScript.Feed(_detector, TheClaimInItsWords.Select((text, i) => _chat.Say(20 + (i * 2), $"account-{i}", text, -0.2)));

        Assert.Equal(["m-11", "m-12", "m-13"], more.Where(u => u.Narrative.Id == theme).SelectMany(u => u.AttributedMessageIds).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(more, u => u.Change == NarrativeChange.Raised);
    }

    [Fact]
    public void Observe_WhenChattingViewersUseTwoOfAClaimsWords_TheyDoNotJoinIt()
    {
        Post(Paraphrases, sentiment: -0.38);
        var chatter = Enumerable.Range(0, 3).Select(i => _chat.Say(12 + i, $"regular-{i}", "what a crowd today", 0.5));

        var more = ChatScript.Feed(_detector, chatter.Concat(TheClaimInItsWords.Select((text, i) => _chat.Say(20 + (i * 2), $"regular-{i}", text, -0.2))));

        Assert.Empty(more);
    }

    [Fact]
    public void Observe_WhenALineOfTheCrowdSharesOnlyAPairTheCrowdWasUsingBefore_ItDoesNotJoinTheClaim()
    {
        List<NarrativeUpdate> Sceptics(double startSeconds, params string[] ids) =>
            ChatScript.Feed(_detector, ids.Select((id, i) => _chat.Say(startSeconds + i, $"sceptic-{id}", "the team played badly all season anyway", -0.3)));

        // Sceptics had written "team" and "anyway" together before the campaign did.
        Sceptics(0, "a", "b");
        string[] claim =
        [
            "crane will move the team anyway", "the team is leaving anyway, crane told investors", "crane takes the team away anyway, vote or not",
            "anyway crane already sold the team", "the team goes anyway. crane decided", "whatever we do crane ships the team anyway",
            "team relocates anyway says crane", "crane: the team leaves anyway", "crane has the team packed anyway", "crane sells the team anyway, look it up",
        ];
        var updates = ChatScript.Feed(_detector, claim.Select((text, i) => _chat.Say(100 + i, $"account-{i}", text, -0.1)));
        var theme = Assert.Single(updates, u => u.Change == NarrativeChange.Raised).Narrative.Id;

        // Once the campaign has gone quiet, "team"+"anyway" is what links these lines to it, and that pair is the crowd's.
        var sceptics = Sceptics(200, "c", "d", "e");
        var again = _detector.Observe(_chat.Say(210, "account-0", "crane will move the team anyway, you'll see", -0.1));

        Assert.Empty(sceptics);
        Assert.Equal(theme, Assert.Single(again).Narrative.Id);
    }

    [Fact]
    public void Observe_WhenTenViewersChantTheSameWarmLine_RaisesNothing()
    {
        var updates = Post(Enumerable.Repeat("we love you luna", 10), sentiment: 0.64);

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenTenChattingViewersAskTheSameQuestion_RaisesNothing()
    {
        // Viewers who have been chatting all along: the question is the crowd's, not a campaign's.
        var chatter = ChatScript.Feed(_detector, Enumerable.Range(0, 10).Select(i => _chat.Say(i, $"viewer-{i:00}", $"hello from district {i}", 0)));
        var updates = Post(Enumerable.Repeat("how does the mini lab get power?", 10), sentiment: 0, startSeconds: 20);

        Assert.Empty(chatter.Concat(updates));
    }

    [Fact]
    public void Observe_WhenTenAccountsPostAFlatSloganWithLeetspeakAndLookAlikes_RaisesItWithANeutralStance()
    {
        // The case: "X will bankrupt the city" scores 0, and the copies are disguised. Coordination is not sentiment.
        string[] copies =
        [
            "The transit levy will bankrupt the city", "THE TRANSIT LEVY WILL BANKRUPT THE CITY", "th3 tr4ns1t l3vy w1ll b4nkrupt th3 c1ty",
            "the trаnsit lеvy will bаnkrupt the сity", "the transit levy will b a n k r u p t the city", "the transit le\u200Bvy will bankrupt the city!!!",
            "PSA: the transit levy will bankrupt the city", "the transit levy will b.a.n.k.r.u.p.t the city 🚨", "7h3 transit levy will bankrupt 7h3 city",
            "the transit levy wlil bankrupt the city",
        ];

        var updates = Post(copies, sentiment: 0);

        var raised = Assert.Single(updates, u => u.Change == NarrativeChange.Raised);
        Assert.Equal((NarrativeKind.NearDuplicate, NarrativeStance.Neutral), (raised.Narrative.Kind, raised.Narrative.Stance));
        Assert.Equal((10, 10), (updates[^1].Narrative.MessageCount, updates[^1].Narrative.DistinctViewers));
    }

    [Theory]
    [InlineData("keep going!")]
    [InlineData("love this")]
    [InlineData("LETS GOOO")]
    [InlineData("we love you luna")]
    [InlineData("well said, so proud of this crowd")]
    public void Observe_WhenTwentyFreshAccountsRepeatAGenericCheer_RaisesNothing(string cheer)
    {
        var updates = Post(Enumerable.Repeat(cheer, 20), sentiment: 0.6, everySeconds: 0.5);

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenMessagesAreInOtherScriptsOrEmojiOnly_RaisesNothingAndKeepsFindingTheSlogan()
    {
        string[] others = ["加油！加油！", "太棒了", "يلا يلا", "Привет всем!", "Слава народу", "こんにちは", "🔥🔥🔥", "👏", "❤️❤️", "😂😂", "🚌", "\u200B", "", "   "];
        var noise = ChatScript.Feed(_detector, Enumerable.Range(0, 200).Select(i => _chat.Say(i * 0.1, $"crowd-{i % 60:00}", others[i % others.Length], 0)));
        var updates = Post(Slogans, sentiment: -0.49, startSeconds: 20);

        Assert.Empty(noise);
        Assert.Equal(NarrativeKind.NearDuplicate, Assert.Single(updates, u => u.Change == NarrativeChange.Raised).Narrative.Kind);
    }

    [Fact]
    public void Observe_WhenTwentyViewersRepeatAShortReaction_RaisesNothing()
    {
        // "boo!!" is negative and near-identical, but it carries no claim: fewer than two content words.
        var updates = Post(Enumerable.Repeat("boo!!", 20), sentiment: -0.49);

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenThirtyViewersDissentInTheirOwnWords_RaisesNothing()
    {
        string[] dissent =
        [
            "not convinced this scales", "who pays for all of it", "kinda boring so far", "feels like a PR stunt",
            "too idealistic for me", "the co-op in my district closed", "easy to say with a perfect smile", "she is chasing clout",
            "speeches won't fix waiting lists", "preaching to the choir here", "not a fan of the poll options", "the budget is missing",
            "sounds nice, won't happen", "where was kira five years ago", "public art won't fix teeth", "my dentist says co-ops cut corners",
            "the last free clinic had a long wait", "i like my veneers honestly", "this is naive", "nobody asked the dentists",
            "hiring rules will not change", "cringe speech tbh", "the sponsors will walk", "my cousin got a job thanks to veneers",
            "free check-ups sound expensive", "volunteers burn out fast", "the holograms are distracting", "rally started late again",
            "the mini-lab looks flimsy", "too many speeches",
        ];

        var updates = Post(dissent, sentiment: -0.4);

        Assert.Empty(updates);
    }

    [Fact]
    public void Observe_WhenARaidTakesMessagesTheTextClusteringHeld_TheyNoLongerCountTowardsATextNarrative()
    {
        // A raid of 15 who joined 100 to 107 s; then seven more raiders, who joined after them one by one, paste a slogan
        // before the raider who joined between them and the raid has chatted, so they are not known as raiders yet.
        var raid = Enumerable.Range(0, 15).Select(i =>
            _chat.SayAfterJoining(102 + (i * 0.5), $"raider-{i:00}", joinedAtSeconds: 100 + (i * 0.5), "👋🎉", 0, "kira-live"));
        var latePasters = Enumerable.Range(0, 7).Select(i =>
            _chat.SayAfterJoining(112 + i, $"late-{i}", joinedAtSeconds: 108.7 + (i * 0.8), Slogans[i], -0.2, "kira-live"));
        var neighbour = _chat.SayAfterJoining(120, "raider-between", joinedAtSeconds: 107.9, "👋", 0, "kira-live");
        var eighth = _chat.Say(121, "viewer-eighth", Slogans[7], -0.2, "kira-live");

        var updates = ChatScript.Feed(_detector, [.. raid, .. latePasters, neighbour, eighth]);

        Assert.Single(updates.Select(u => u.Narrative.Id).Distinct());
        Assert.Equal(NarrativeKind.Raid, updates[^1].Narrative.Kind);
        Assert.Equal(23, updates[^1].Narrative.DistinctViewers);
    }

    [Fact]
    public void Observe_UsesTheConfiguredNormalizer()
    {
        // A normaliser that reads every message as the slogan: different raw texts then cluster.
        var detector = new NarrativeDetector(new NarrativeDetectionOptions { Normalizer = _ => "the mini lab is unsafe", WarmUp = TimeSpan.Zero });

        var updates = ChatScript.Feed(detector, Enumerable.Range(0, 8).Select(i => _chat.Say(i, $"viewer-{i}", $"message {i}", -0.5)));

        Assert.Equal(NarrativeKind.NearDuplicate, Assert.Single(updates, u => u.Change == NarrativeChange.Raised).Narrative.Kind);
    }
}
