using System.Collections.Immutable;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Streams;

namespace RallyLive.Grains.Tests.Streams;

public sealed class StreamGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Reactions_FromManyViewers_LeaveAsOneFramePerTick_WithExactCounts()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        for (var i = 0; i < 40; i++)
        {
            await stream.Join(new JoinRequest($"viewer-{i}", $"Viewer {i}"));
            await stream.React(new ReactRequest($"viewer-{i}", DomainCluster.Taps(("cheer", 5), ("boo", 1))));
        }

        await domain.Time.AdvanceAsync(Tick);
        await stream.GetSnapshot(forModerators: false);
        await stream.React(new ReactRequest("viewer-0", DomainCluster.Taps(("clap", 3))));
        await domain.Time.AdvanceAsync(Tick);
        var snapshot = await stream.GetSnapshot(forModerators: false);

        var frames = domain.Broadcaster.For(rallyId).FramesOf("main-stage").ToList();
        Assert.Equal(2, frames.Count);
        Assert.Equal(DomainCluster.Taps(("cheer", 200), ("boo", 40)), frames[0].Reactions);
        Assert.Equal(DomainCluster.Taps(("clap", 3)), frames[1].Reactions);
        Assert.Equal(40, frames[0].Viewers);
        Assert.Equal(200, snapshot.ReactionTotals["cheer"]);
        Assert.Equal(3, snapshot.ReactionTotals["clap"]);
    }

    [Fact]
    public async Task ACrowdArriving_IsCountedForOrganisersEachTick_AndForViewersAtMostEveryViewerCountInterval()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        var interval = new StreamOptions().ViewerCountInterval;
        const int arrivals = 24; // one a tick for six seconds
        for (var i = 0; i < arrivals; i++)
        {
            await stream.Join(new JoinRequest($"viewer-{i}", $"Viewer {i}"));
            await domain.Time.AdvanceAsync(Tick);
        }

        await stream.GetSnapshot(forModerators: false);
        var recording = domain.Broadcaster.For(rallyId);
        var whileArriving = recording.ViewerFramesOf("main-stage").ToList();
        await domain.Time.AdvanceAsync(interval);
        await stream.GetSnapshot(forModerators: false);
        var afterwards = recording.ViewerFramesOf("main-stage").ToList();
        await stream.React(new ReactRequest("viewer-0", DomainCluster.Taps(("clap", 2))));
        await stream.Leave("viewer-1");
        await domain.Time.AdvanceAsync(Tick);
        await stream.GetSnapshot(forModerators: false);

        Assert.Equal(Enumerable.Range(1, arrivals), recording.FramesOf("main-stage").Take(arrivals).Select(f => f.Viewers));
        Assert.Equal(1, whileArriving[0].Viewers); // the first change at once
        Assert.InRange(whileArriving.Count, 2, 3);
        Assert.All(whileArriving.Zip(whileArriving.Skip(1)), pair => Assert.True(pair.Second.At - pair.First.At >= interval));
        Assert.Equal(arrivals, afterwards[^1].Viewers); // the last count within the interval once the crowd stops
        var reaction = recording.ViewerFramesOf("main-stage").Last(); // a reaction goes on the next tick, with the count as it is
        Assert.Equal(DomainCluster.Taps(("clap", 2)), reaction.Reactions);
        Assert.Equal(arrivals - 1, reaction.Viewers);
    }

    [Fact]
    public async Task ReactionTotals_AreStoredWithinASecond_AndReadByANewHost()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));
        await stream.React(new ReactRequest("viewer-1", DomainCluster.Taps(("love", 7))));

        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1));
        await stream.GetSnapshot(forModerators: false);
        await domain.RestartAsync();
        var reloaded = await domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage")).GetSnapshot(forModerators: false);

        Assert.Equal(7, reloaded.ReactionTotals["love"]);
    }

    [Theory]
    [InlineData("cheer", 0, RallyErrorCode.ReactionCountOutOfRange)]
    [InlineData("cheer", -5, RallyErrorCode.ReactionCountOutOfRange)]
    [InlineData("cheer", 51, RallyErrorCode.ReactionCountOutOfRange)]
    [InlineData("cheer", int.MaxValue, RallyErrorCode.ReactionCountOutOfRange)]
    [InlineData("dance", 1, RallyErrorCode.InvalidReaction)]
    public async Task React_WithABadBatch_IsRefused_AndCountsNothingOfIt(string kind, int count, RallyErrorCode code)
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));

        var refused = await Assert.ThrowsAsync<RallyException>(() =>
            stream.React(new ReactRequest("viewer-1", DomainCluster.Taps(("love", 2), (kind, count)))).AsTask());

        Assert.Equal(code, refused.Code);
        Assert.All((await stream.GetSnapshot(forModerators: false)).ReactionTotals.Values, total => Assert.Equal(0, total));
    }

    [Fact]
    public async Task ReactMany_CountsEachGoodBatch_AndRefusesEachBadOneAlone_InOrder()
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));
        await stream.Join(new JoinRequest("viewer-2", "Ben"));

        var outcomes = await stream.ReactMany([
            new ReactRequest("viewer-1", DomainCluster.Taps(("cheer", 4))),
            new ReactRequest("stranger", DomainCluster.Taps(("cheer", 1))),
            new ReactRequest("viewer-2", DomainCluster.Taps(("love", 2), ("dance", 1))),
            new ReactRequest("viewer-2", DomainCluster.Taps(("clap", 3), ("cheer", 1))),
        ]);
        var totals = (await stream.GetSnapshot(forModerators: false)).ReactionTotals;

        Assert.Equal([4, null, null, 4], outcomes.Select(o => o.Receipt?.Accepted));
        Assert.Equal([null, RallyErrorCode.ViewerNotJoined, RallyErrorCode.InvalidReaction, null], outcomes.Select(o => o.Refused));
        Assert.Equal((5, 0, 3), (totals["cheer"], totals["love"], totals["clap"]));
    }

    [Fact]
    public async Task ReactAndChat_BeforeJoining_AreRefused()
    {
        var (_, stream) = await MainStageAsync(domain);

        var react = await Assert.ThrowsAsync<RallyException>(() => stream.React(new ReactRequest("stranger", DomainCluster.Taps(("cheer", 1)))).AsTask());
        var chat = await Assert.ThrowsAsync<RallyException>(() => stream.SendChat(new SendChatRequest("stranger", "hello")).AsTask());

        Assert.Equal(RallyErrorCode.ViewerNotJoined, react.Code);
        Assert.Equal(RallyErrorCode.ViewerNotJoined, chat.Code);
    }

    [Fact]
    public async Task Chat_IsStoredAndShown_AndReadByANewHost()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));

        var first = await stream.SendChat(new SendChatRequest("viewer-1", "  Luna is   on stage! "));
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(3));
        var second = await stream.SendChat(new SendChatRequest("viewer-1", "<img src=x onerror=alert(1)>"));
        await domain.RestartAsync();
        var reloaded = await domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage")).GetSnapshot(forModerators: false);

        Assert.Equal(("Luna is on stage!", ChatMessageState.Visible, "Ana"), (first.Text, first.State, first.DisplayName));
        Assert.Equal("<img src=x onerror=alert(1)>", second.Text);
        Assert.Equivalent(new[] { first, second }, reloaded.RecentChat, strict: true);
        Assert.Equivalent(new[] { first, second }, domain.Broadcaster.For(rallyId).Posted, strict: true);
    }

    [Theory]
    [InlineData("", RallyErrorCode.TextEmpty)]
    [InlineData(" \u200B\u202E ", RallyErrorCode.TextEmpty)]
    public async Task Chat_WithNoText_IsRefused(string text, RallyErrorCode code)
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));

        var refused = await Assert.ThrowsAsync<RallyException>(() => stream.SendChat(new SendChatRequest("viewer-1", text)).AsTask());

        Assert.Equal(code, refused.Code);
        Assert.Empty((await stream.GetSnapshot(forModerators: true)).RecentChat);
    }

    [Fact]
    public async Task Chat_LongerThan300Characters_IsRefused_And300IsAccepted()
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));

        var refused = await Assert.ThrowsAsync<RallyException>(() => stream.SendChat(new SendChatRequest("viewer-1", new string('a', 301))).AsTask());
        var accepted = await stream.SendChat(new SendChatRequest("viewer-1", new string('a', 300)));

        Assert.Equal(RallyErrorCode.TextTooLong, refused.Code);
        Assert.Equal(300, accepted.Text.Length);
    }

    [Fact]
    public async Task ChatPolicy_RefusesBannedTimedOutAndTooQuickViewers()
    {
        var (_, stream) = await MainStageAsync(domain);
        foreach (var viewer in new[] { "banned", "quiet", "quick" })
        {
            await stream.Join(new JoinRequest(viewer, viewer));
        }

        var now = domain.Time.GetUtcNow();
        await stream.ApplyChatPolicy(ChatPolicy.Open with
        {
            SlowModeInterval = TimeSpan.FromSeconds(30),
            BannedViewers = ["banned"],
            TimedOutUntil = ImmutableDictionary<string, DateTimeOffset>.Empty.Add("quiet", now.AddMinutes(5)),
        });

        var banned = await Refusal(stream, "banned");
        var timedOut = await Refusal(stream, "quiet");
        await stream.SendChat(new SendChatRequest("quick", "first"));
        var tooSoon = await Refusal(stream, "quick");
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(30));
        var inTime = await stream.SendChat(new SendChatRequest("quick", "second"));

        Assert.Equal([RallyErrorCode.ViewerBanned, RallyErrorCode.ViewerTimedOut, RallyErrorCode.SlowModeActive], [banned, timedOut, tooSoon]);
        Assert.Equal(ChatMessageState.Visible, inTime.State);
        Assert.Equal(["first", "second"], (await stream.GetSnapshot(forModerators: true)).RecentChat.Select(m => m.Text));
    }

    [Fact]
    public async Task TheStream_HoldsEachViewerToTheirChatAndReactionLimits_WhateverTheirConnections_AndLeavingRefillsNothing()
    {
        // The stream is one activation in a cluster, so what it counts per viewer holds whatever node a call came through.
        var (_, stream) = await MainStageAsync(domain);
        var limits = new StreamOptions();
        await stream.Join(new JoinRequest("flooder", "Flooder"));
        await stream.Join(new JoinRequest("neighbour", "Neighbour"));

        var chatOutcomes = new List<RallyErrorCode?>();
        for (var i = 0; i < limits.ChatPerViewer.Burst + 2; i++)
        {
            chatOutcomes.Add(await Outcome(() => stream.SendChat(new SendChatRequest("flooder", $"message {i}")).AsTask()));
        }

        var reactionOutcomes = new List<RallyErrorCode?>();
        for (var i = 0; i < limits.ReactionBatchesPerViewer.Burst + 4; i++)
        {
            reactionOutcomes.Add(await Outcome(() => stream.React(new ReactRequest("flooder", DomainCluster.Taps(("boo", 1)))).AsTask()));
        }

        await stream.Leave("flooder");
        await stream.Join(new JoinRequest("flooder", "Flooder"));
        var afterRejoining = await Refusal(stream, "flooder");
        var neighbour = await stream.SendChat(new SendChatRequest("neighbour", "hello"));
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1 / limits.ChatPerViewer.PerSecond));
        var refilled = await stream.SendChat(new SendChatRequest("flooder", "one more"));

        Assert.Equal(limits.ChatPerViewer.Burst, chatOutcomes.Count(o => o is null));
        Assert.All(chatOutcomes.Skip(limits.ChatPerViewer.Burst), o => Assert.Equal(RallyErrorCode.RateLimited, o));
        Assert.Equal(limits.ReactionBatchesPerViewer.Burst, reactionOutcomes.Count(o => o is null));
        Assert.All(reactionOutcomes.Skip(limits.ReactionBatchesPerViewer.Burst), o => Assert.Equal(RallyErrorCode.RateLimited, o));
        Assert.Equal(limits.ReactionBatchesPerViewer.Burst, (await stream.GetSnapshot(forModerators: false)).ReactionTotals["boo"]);
        Assert.Equal(RallyErrorCode.RateLimited, afterRejoining);
        Assert.Equal(ChatMessageState.Visible, neighbour.State);
        Assert.Equal("one more", refilled.Text);
    }

    [Fact]
    public async Task TheStream_HoldsEachViewerToTheirReportLimit_MadeUpMessageIdsIncluded()
    {
        // As with chat and reactions, the stream's count holds whatever node or connection the reports come through.
        var (_, stream) = await MainStageAsync(domain);
        var limits = new StreamOptions();
        await stream.Join(new JoinRequest("flooder", "Flooder"));
        await stream.Join(new JoinRequest("bystander", "Bystander"));
        await stream.Join(new JoinRequest("speaker", "Speaker"));
        var message = await stream.SendChat(new SendChatRequest("speaker", "the charter matters"));

        var madeUp = new List<RallyErrorCode?>();
        for (var i = 0; i < limits.ReportsPerViewer.Burst + 2; i++)
        {
            madeUp.Add(await Outcome(() => stream.Report(new ReportRequest("flooder", $"main-stage:{900_000 + i}", "spam")).AsTask()));
        }

        var realBeforeRefill = await Outcome(() => stream.Report(new ReportRequest("flooder", message.Id, "spam")).AsTask());
        var bystander = await Outcome(() => stream.Report(new ReportRequest("bystander", message.Id, "spam")).AsTask());
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1 / limits.ReportsPerViewer.PerSecond));
        var realAfterRefill = await Outcome(() => stream.Report(new ReportRequest("flooder", message.Id, "spam")).AsTask());

        Assert.All(madeUp.Take(limits.ReportsPerViewer.Burst), o => Assert.Equal(RallyErrorCode.MessageNotFound, o));
        Assert.All(madeUp.Skip(limits.ReportsPerViewer.Burst), o => Assert.Equal(RallyErrorCode.RateLimited, o));
        Assert.Equal(RallyErrorCode.RateLimited, realBeforeRefill);
        Assert.Null(bystander);
        Assert.Null(realAfterRefill);
    }

    private static async Task<RallyErrorCode?> Outcome(Func<Task> call)
    {
        try
        {
            await call();
            return null;
        }
        catch (RallyException refused)
        {
            return refused.Code;
        }
    }

    [Fact]
    public async Task LeavingAndRejoining_NeitherRestartsSlowMode_NorMakesAViewerNewUnderShieldMode()
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("regular", "Regular"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(1));
        await stream.ApplyChatPolicy(ChatPolicy.Open with
        {
            SlowModeInterval = TimeSpan.FromSeconds(30),
            ShieldModeSince = domain.Time.GetUtcNow(),
        });
        await stream.SendChat(new SendChatRequest("regular", "first"));

        await stream.Leave("regular");
        var whileAway = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await stream.Join(new JoinRequest("regular", "Regular"));
        var tooSoon = await Refusal(stream, "regular");
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(30));
        var afterInterval = await stream.SendChat(new SendChatRequest("regular", "second"));

        Assert.Equal(0, whileAway);
        Assert.Equal(RallyErrorCode.SlowModeActive, tooSoon);
        Assert.Equal(ChatMessageState.Visible, afterInterval.State);
    }

    [Fact]
    public async Task ProvisionalJoins_NoConnectionFollows_LeaveWithinTheLease_WhileOnesAConnectionJoinedStay()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        for (var i = 0; i < 20; i++)
        {
            await stream.Join(new JoinRequest($"drifter-{i}", $"Drifter {i}", Provisional: true));
        }

        await stream.Join(new JoinRequest("watcher", "Watcher", Provisional: true));
        await stream.Join(new JoinRequest("watcher", "Watcher"));
        await stream.Join(new JoinRequest("watcher", "Watcher", Provisional: true)); // a second tab's HTTP join
        await stream.Join(new JoinRequest("connected", "Connected"));
        var during = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await domain.Time.AdvanceAsync(new StreamOptions().JoinLease - Tick);
        var beforeTheLeaseEnds = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await domain.Time.AdvanceAsync(Tick * 2);
        var after = (await stream.GetSnapshot(forModerators: false)).Viewers;
        var refused = await Assert.ThrowsAsync<RallyException>(() => stream.React(new ReactRequest("drifter-0", DomainCluster.Taps(("cheer", 1)))).AsTask());

        Assert.Equal(22, during);
        Assert.Equal(22, beforeTheLeaseEnds);
        Assert.Equal(2, after);
        Assert.Equal(2, domain.Broadcaster.For(rallyId).FramesOf("main-stage").Last().Viewers);
        Assert.Equal(RallyErrorCode.ViewerNotJoined, refused.Code);
    }

    [Fact]
    public async Task AViewerTwoNodesHold_StaysUntilBothLetGo_SoALateLeaveFromTheNodeTheyLeftRemovesNobody()
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("ana", "Ana", Node: "node-a"));
        await stream.Join(new JoinRequest("ana", "Ana", Node: "node-b")); // she moved to node b before node a's leave came

        await stream.Leave("ana", "node-a");
        var afterTheLateLeave = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await stream.Leave("ana", "node-c"); // a node that never held her
        var afterAStrangersLeave = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await stream.Leave("ana", "node-b");
        var afterBoth = (await stream.GetSnapshot(forModerators: false)).Viewers;

        Assert.Equal((1, 1, 0), (afterTheLateLeave, afterAStrangersLeave, afterBoth));
    }

    [Fact]
    public async Task ANodesHold_IsExactlyTheViewersItLastSent_AddingThoseTheStreamForgot_AndSkippingMalformedOrBannedOnes()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        await domain.Grains.GetGrain<IRallyGrain>(rallyId).ChangeChatPolicy(new BanViewer("mod-ezra", "troll", null));
        await stream.Join(new JoinRequest("ana", "Ana", Node: "node-a"));

        await stream.Hold(new NodePresence("node-a", [new("ana", "Ana"), new("ben", "Ben"), new("troll", "Troll"), new("Not An Id", "X"), new("cy", "\u200b")]));
        var held = (await stream.GetSnapshot(forModerators: false)).Viewers;
        var chat = await stream.SendChat(new SendChatRequest("ben", "counted again"));
        await stream.Hold(new NodePresence("node-a", [new("ben", "Ben")]));
        var afterAnaWent = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await stream.Hold(new NodePresence("node-a", []));
        var afterTheNodeLetGo = (await stream.GetSnapshot(forModerators: false)).Viewers;

        Assert.Equal(2, held);
        Assert.Equal("Ben", chat.DisplayName);
        Assert.Equal(1, afterAnaWent);
        Assert.Equal(0, afterTheNodeLetGo);
    }

    [Fact]
    public async Task TheViewersOfANodeThatStopsRenewingItsHold_LeaveOnceTheLeasePasses_UnlessAnotherNodeHoldsThem()
    {
        var (_, stream) = await MainStageAsync(domain);
        var lease = new StreamOptions().NodeLease;
        await stream.Hold(new NodePresence("node-killed", [new("ana", "Ana"), new("ben", "Ben")]));
        await domain.Time.AdvanceAsync(lease / 2);
        await stream.Hold(new NodePresence("node-alive", [new("ben", "Ben")]));

        await domain.Time.AdvanceAsync(lease / 2 - Tick);
        var beforeTheLeaseEnds = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await domain.Time.AdvanceAsync(Tick * 2);
        var after = (await stream.GetSnapshot(forModerators: false)).Viewers;
        var refused = await Assert.ThrowsAsync<RallyException>(() => stream.React(new ReactRequest("ana", DomainCluster.Taps(("cheer", 1)))).AsTask());

        Assert.Equal(2, beforeTheLeaseEnds);
        Assert.Equal(1, after);
        Assert.Equal(RallyErrorCode.ViewerNotJoined, refused.Code);
    }

    [Fact]
    public async Task BlockedTerms_WrittenWithLookalikes_HoldTheMessageForModerators()
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));
        await stream.ApplyChatPolicy(ChatPolicy.Open with { BlockedTerms = ["sellout"] });

        var held = await stream.SendChat(new SendChatRequest("viewer-1", "what a s\u0435ll\u043Eut")); // Cyrillic е and о
        var fine = await stream.SendChat(new SendChatRequest("viewer-1", "what a speech"));

        Assert.Equal(ChatMessageState.Held, held.State);
        Assert.Contains("sellout", held.Reason, StringComparison.Ordinal);
        Assert.Equivalent(new[] { fine }, (await stream.GetSnapshot(forModerators: false)).RecentChat, strict: true);
        Assert.Equivalent(new[] { held, fine }, (await stream.GetSnapshot(forModerators: true)).RecentChat, strict: true);
    }

    [Fact]
    public async Task ShieldMode_HoldsNewViewers_AndHoldForReviewHoldsEveryone()
    {
        var (_, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("regular", "Regular"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(1));
        await stream.ApplyChatPolicy(ChatPolicy.Open with { ShieldModeSince = domain.Time.GetUtcNow() });
        await stream.Join(new JoinRequest("newcomer", "Newcomer"));

        var regular = await stream.SendChat(new SendChatRequest("regular", "welcome all"));
        var newcomer = await stream.SendChat(new SendChatRequest("newcomer", "hello"));
        await stream.ApplyChatPolicy(ChatPolicy.Open with { HoldForReview = true });
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(1));
        var reviewed = await stream.SendChat(new SendChatRequest("regular", "again"));

        Assert.Equal([ChatMessageState.Visible, ChatMessageState.Held, ChatMessageState.Held], [regular.State, newcomer.State, reviewed.State]);
    }

    [Fact]
    public async Task HiddenMessage_LeavesTheViewersChat_IsBroadcast_AndStaysHiddenAfterARestart()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));
        var message = await stream.SendChat(new SendChatRequest("viewer-1", "the mini-lab is unsafe"));

        var hidden = await stream.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", message.Id, MessageAction.Hide, "coordinated"));
        await domain.RestartAsync();
        var reloaded = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));

        Assert.Equal(ChatMessageState.Hidden, hidden.State);
        Assert.Equivalent(new[] { hidden }, domain.Broadcaster.For(rallyId).Changed, strict: true);
        Assert.Empty((await reloaded.GetSnapshot(forModerators: false)).RecentChat);
        Assert.Equivalent(new[] { hidden }, (await reloaded.GetSnapshot(forModerators: true)).RecentChat, strict: true);
        var unknown = await Assert.ThrowsAsync<RallyException>(() =>
            reloaded.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", "main-stage:99", MessageAction.Hide)).AsTask());
        Assert.Equal(RallyErrorCode.MessageNotFound, unknown.Code);
    }

    [Fact]
    public async Task AfterTheRallyEnds_JoinReactAndChat_AreRefused()
    {
        var (rallyId, stream) = await MainStageAsync(domain);
        await stream.Join(new JoinRequest("viewer-1", "Ana"));

        await domain.Grains.GetGrain<IRallyGrain>(rallyId).End();

        var codes = new[]
        {
            (await Assert.ThrowsAsync<RallyException>(() => stream.Join(new JoinRequest("viewer-2", "Bo")).AsTask())).Code,
            (await Assert.ThrowsAsync<RallyException>(() => stream.React(new ReactRequest("viewer-1", DomainCluster.Taps(("cheer", 1)))).AsTask())).Code,
            await Refusal(stream, "viewer-1"),
        };
        Assert.All(codes, code => Assert.Equal(RallyErrorCode.RallyEnded, code));
    }

    [Fact]
    public async Task StreamTheRallyDoesNotHave_IsRefused()
    {
        var (rallyId, _) = await MainStageAsync(domain);

        var refused = await Assert.ThrowsAsync<RallyException>(() =>
            domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "backstage")).Join(new JoinRequest("viewer-1", "Ana")).AsTask());

        Assert.Equal(RallyErrorCode.StreamNotFound, refused.Code);
    }

    private static async Task<(string RallyId, IStreamGrain Stream)> MainStageAsync(DomainCluster domain)
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        return (rallyId, domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage")));
    }

    private static async Task<RallyErrorCode> Refusal(IStreamGrain stream, string viewerId) =>
        (await Assert.ThrowsAsync<RallyException>(() => stream.SendChat(new SendChatRequest(viewerId, "hello")).AsTask())).Code;
}
