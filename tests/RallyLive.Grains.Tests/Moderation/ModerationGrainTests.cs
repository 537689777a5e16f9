using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Grains.Tests.Moderation;

public sealed class ModerationGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    [Fact]
    public async Task Ban_IsEnforcedByEveryStream_AuditedAndStillEnforcedAfterARestart()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var street = await JoinedAsync(domain, rallyId, "street-cam", "troll");

        await rally.ChangeChatPolicy(new BanViewer("mod-ezra", "troll", "raid organiser"));
        var before = await ChatRefusal(street, "troll");
        await domain.RestartAsync();
        var main = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        var join = await Assert.ThrowsAsync<RallyException>(() => main.Join(new JoinRequest("troll", "Troll")).AsTask());
        var audit = await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetAuditLog(0, 10);

        Assert.Equal(RallyErrorCode.ViewerBanned, before);
        Assert.Equal(RallyErrorCode.ViewerBanned, join.Code);
        Assert.Contains("troll", domain.Broadcaster.For(rallyId).Bans);
        var entry = Assert.Single(audit);
        Assert.Equal((AuditAction.BanViewer, "troll", "mod-ezra", "raid organiser"), (entry.Action, entry.Target, entry.ModeratorId, entry.Reason));
    }

    [Fact]
    public async Task ActionsAboutAViewer_AreTheirTimeoutsBansAndActionsOnTheirMessages_NewestFirst_AfterARestart()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var stream = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await stream.Join(new JoinRequest("v-troll", "Troll"));
        await stream.Join(new JoinRequest("v-fan", "Fan"));
        var trolls = await stream.SendChat(new SendChatRequest("v-troll", "buy followers here"));
        var fans = await stream.SendChat(new SendChatRequest("v-fan", "great speech"));
        await stream.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", trolls.Id, MessageAction.Hide, "spam"));
        await stream.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", fans.Id, MessageAction.Delete));
        await rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "v-troll", TimeSpan.FromMinutes(5), "spam"));
        await rally.ChangeChatPolicy(new BanViewer("mod-ezra", "v-fan", null));
        await rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", "followers"));
        await domain.RestartAsync();
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);

        var aboutTroll = await moderation.GetActionsAbout("v-troll", scanned: 100, limit: 10);
        var refused = await Assert.ThrowsAsync<RallyException>(() => moderation.GetActionsAbout("main-stage/1", 100, 10).AsTask());

        Assert.Equal([AuditAction.TimeOutViewer, AuditAction.HideMessage], aboutTroll.Select(entry => entry.Action));
        Assert.All(aboutTroll, entry => Assert.Equal("v-troll", entry.ViewerId));
        Assert.Equal([AuditAction.BanViewer, AuditAction.DeleteMessage], (await moderation.GetActionsAbout("v-fan", 100, 10)).Select(entry => entry.Action));
        Assert.Equal([AuditAction.TimeOutViewer], (await moderation.GetActionsAbout("v-troll", 100, 1)).Select(entry => entry.Action));
        Assert.Equal(RallyErrorCode.InvalidRequest, refused.Code);
    }

    [Fact]
    public void AnOlderAuditLineWithoutItsViewer_IsStillAboutTheViewerItTargets()
    {
        var timeout = new AuditEntry(1, DateTimeOffset.UnixEpoch, "mod-ezra", AuditAction.TimeOutViewer, "v-troll", null);
        var hide = new AuditEntry(2, DateTimeOffset.UnixEpoch, "mod-ezra", AuditAction.HideMessage, "main-stage/main-stage:1", null);

        Assert.True(Grains.Moderation.ModerationGrain.IsAbout(timeout, "v-troll"));
        Assert.False(Grains.Moderation.ModerationGrain.IsAbout(timeout, "v-fan"));
        Assert.False(Grains.Moderation.ModerationGrain.IsAbout(hide, "v-troll"));
    }

    [Fact]
    public async Task AuditLines_NameTheModeratorTheViewerAndTheMessage_AndATimeoutsLength_FromTheServersOwnRecords()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        await rally.AddModerator("mod-ezra", "Ezra Kade");
        var stream = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await stream.Join(new JoinRequest("v-troll", "Troll"));
        var message = await stream.SendChat(new SendChatRequest("v-troll", "the mini-lab is unsafe"));

        // A caller's own author and text are not taken: the stream fills them from its log.
        await stream.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", message.Id, MessageAction.Hide, "spam", "v-someone", "Someone else", "forged text"));
        await rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "v-troll", TimeSpan.FromMinutes(5), "spam"));
        await rally.ChangeChatPolicy(new BanViewer("mod-unnamed", "v-stranger", null));
        await domain.RestartAsync();
        var audit = await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetAuditLog(0, 10);

        Assert.Equal(3, audit.Count);
        var hidden = audit[0];
        Assert.Equal((AuditAction.HideMessage, "Ezra Kade", "Troll", "the mini-lab is unsafe", (TimeSpan?)null),
            (hidden.Action, hidden.ModeratorName, hidden.ViewerName, hidden.MessageText, hidden.Duration));
        var timedOut = audit[1];
        Assert.Equal((AuditAction.TimeOutViewer, "Ezra Kade", "Troll", (string?)null, (TimeSpan?)TimeSpan.FromMinutes(5)),
            (timedOut.Action, timedOut.ModeratorName, timedOut.ViewerName, timedOut.MessageText, timedOut.Duration));

        // Whom the rally never saw in chat, and a moderator it never named, stay unnamed (the ids remain).
        var banned = audit[2];
        Assert.Equal(("mod-unnamed", (string?)null, "v-stranger", (string?)null), (banned.ModeratorId, banned.ModeratorName, banned.Target, banned.ViewerName));
    }

    [Fact]
    public void AuditExcerpts_AreCutAt140Characters_AndNamesAt80()
    {
        Assert.Null(RallyLive.Grains.Moderation.ModerationGrain.Excerpt("  "));
        Assert.Equal("short", RallyLive.Grains.Moderation.ModerationGrain.Excerpt("short"));
        var cut = RallyLive.Grains.Moderation.ModerationGrain.Excerpt(new string('a', 200))!;
        Assert.Equal(140, cut.Length);
        Assert.EndsWith("…", cut, StringComparison.Ordinal);
        Assert.Equal(80, RallyLive.Grains.Moderation.ModerationGrain.Name(new string('n', 100))!.Length);
        Assert.Equal("Ezra", RallyLive.Grains.Moderation.ModerationGrain.Name("  Ezra "));
    }

    [Fact]
    public async Task ModerationChanges_AreAnnouncedTogether_OnceTheIntervalHasPassed()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "main-stage", "heckler");
        var message = await stream.SendChat(new SendChatRequest("heckler", "buy followers here"));

        await rally.ChangeChatPolicy(new SetChatModes("mod-ezra", 10, HoldForReview: false, ShieldMode: true));
        await rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "heckler", TimeSpan.FromMinutes(5), "spam"));
        await moderation.Flag(new FlagRequest("main-stage", message.Id, "viewer-2", "spam"));
        var beforeTheInterval = domain.Broadcaster.For(rallyId).Moderation.Count;
        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        var announced = await domain.Broadcaster.For(rallyId).FirstModeration.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(0, beforeTheInterval);
        Assert.Single(domain.Broadcaster.For(rallyId).Moderation);
        Assert.Equal(TimeSpan.FromSeconds(10), announced.Policy!.SlowModeInterval);
        Assert.NotNull(announced.Policy.ShieldModeSince);
        Assert.True(announced.Policy.TimedOutUntil.ContainsKey("heckler"));
        Assert.Equal<string>(["spam"], Assert.Single(announced.Flagged).Reasons);
        Assert.Equal([AuditAction.SetChatModes, AuditAction.TimeOutViewer], announced.Audit.Select(e => e.Action));
    }

    [Fact]
    public async Task Announcements_CarryOnlyWhatChanged_NeverTheWholeQueue()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "main-stage", "poster");
        var messages = new List<ChatMessage>();
        for (var i = 0; i < 5; i++)
        {
            // Five posters, each within their own chat limit.
            await stream.Join(new JoinRequest($"poster-{i}", $"Poster {i}"));
            messages.Add(await stream.SendChat(new SendChatRequest($"poster-{i}", $"message {i}")));
        }

        foreach (var reporter in new[] { "viewer-1", "viewer-2", "viewer-3" })
        {
            await stream.Join(new JoinRequest(reporter, reporter));
        }

        foreach (var message in messages)
        {
            await stream.Report(new ReportRequest("viewer-1", message.Id, "spam"));
        }

        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        await stream.Report(new ReportRequest("viewer-2", messages[0].Id, "abuse"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        await stream.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", messages[1].Id, MessageAction.Hide, "spam"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));

        var announced = domain.Broadcaster.For(rallyId).Moderation.ToArray();
        Assert.Equal(3, announced.Length);
        Assert.Equal(messages.Select(m => m.Id), announced[0].Flagged.Select(f => f.MessageId));
        Assert.Null(announced[0].Policy);
        var grown = Assert.Single(announced[1].Flagged);
        Assert.Equal((messages[0].Id, 2), (grown.MessageId, grown.Reports));
        Assert.Empty(announced[1].Audit);
        Assert.Empty(announced[2].Flagged);
        Assert.Equal<string>([messages[1].Id], announced[2].Unflagged);
        Assert.Equal(AuditAction.HideMessage, Assert.Single(announced[2].Audit).Action);
        Assert.Equal(4, (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged.Length);
    }

    [Fact]
    public async Task ViewerReports_OnlyOfVisibleMessagesOfTheStream_AreRefusedOtherwise_AndFlagNothing()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "main-stage", "viewer-1");
        await rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", "sellout"));
        var held = await stream.SendChat(new SendChatRequest("viewer-1", "Kira is a sellout"));
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);
        var flaggedBefore = (await moderation.GetSnapshot()).Flagged.Length;

        var codes = new[]
        {
            await Refusal(() => stream.Report(new ReportRequest("viewer-1", "main-stage:999", "spam")).AsTask()),
            await Refusal(() => stream.Report(new ReportRequest("viewer-1", "main-stage:0", "spam")).AsTask()),
            await Refusal(() => stream.Report(new ReportRequest("viewer-1", "kira-live:1", "spam")).AsTask()),
            await Refusal(() => stream.Report(new ReportRequest("viewer-1", "not an id", "spam")).AsTask()),
            await Refusal(() => stream.Report(new ReportRequest("viewer-1", null!, "spam")).AsTask()),
            await Refusal(() => stream.Report(new ReportRequest("viewer-1", held.Id, "spam")).AsTask()),
            await Refusal(() => stream.Report(new ReportRequest("never-joined", held.Id, "spam")).AsTask()),
        };

        Assert.Equal(
            [RallyErrorCode.MessageNotFound, RallyErrorCode.MessageNotFound, RallyErrorCode.MessageNotFound, RallyErrorCode.MessageNotFound,
             RallyErrorCode.MessageNotFound, RallyErrorCode.MessageNotFound, RallyErrorCode.ViewerNotJoined],
            codes);
        Assert.Equal(1, flaggedBefore); // the held message, flagged by the stream itself
        var flagged = Assert.Single((await moderation.GetSnapshot()).Flagged);
        Assert.Equal((held.Id, 1), (flagged.MessageId, flagged.Reports));
    }

    [Fact]
    public async Task ViewerReports_CountOncePerReporterAndMessage_AlsoAfterARestart()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "main-stage", "poster");
        await stream.Join(new JoinRequest("viewer-1", "viewer-1"));
        await stream.Join(new JoinRequest("viewer-2", "viewer-2"));
        var message = await stream.SendChat(new SendChatRequest("poster", "buy followers here"));

        await stream.Report(new ReportRequest("viewer-1", message.Id, "spam"));
        var again = await Refusal(() => stream.Report(new ReportRequest("viewer-1", message.Id, "abuse")).AsTask());
        await stream.Report(new ReportRequest("viewer-2", message.Id, "spam"));
        await domain.RestartAsync();
        var restarted = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await restarted.Join(new JoinRequest("viewer-1", "viewer-1"));
        var afterRestart = await Refusal(() => restarted.Report(new ReportRequest("viewer-1", message.Id, "spam")).AsTask());
        var flagged = Assert.Single((await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged);

        Assert.Equal(RallyErrorCode.AlreadyReported, again);
        Assert.Equal(RallyErrorCode.AlreadyReported, afterRestart);
        Assert.Equal(2, flagged.Reports);
        Assert.Equal<string>(["spam"], flagged.Reasons);
    }

    [Fact]
    public async Task TimeOut_RefusesChatUntilItExpires()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "main-stage", "heckler");

        await rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "heckler", TimeSpan.FromMinutes(5), "spam"));
        var during = await ChatRefusal(stream, "heckler");
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(5));
        var after = await stream.SendChat(new SendChatRequest("heckler", "sorry"));

        Assert.Equal(RallyErrorCode.ViewerTimedOut, during);
        Assert.Equal(ChatMessageState.Visible, after.State);
    }

    [Fact]
    public async Task SlowMode_SetByAModerator_AppliesToTheRallysStreams()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "kira-live", "fan");

        var policy = await rally.ChangeChatPolicy(new SetChatModes("mod-ezra", 10, HoldForReview: false, ShieldMode: false));
        await stream.SendChat(new SendChatRequest("fan", "first"));

        Assert.Equal(TimeSpan.FromSeconds(10), policy.SlowModeInterval);
        Assert.Equal(RallyErrorCode.SlowModeActive, await ChatRefusal(stream, "fan"));
    }

    [Fact]
    public async Task HeldMessage_IsFlaggedWithItsReason_AndApprovingItShowsItAndClearsTheFlag()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);
        var stream = await JoinedAsync(domain, rallyId, "main-stage", "viewer-1");
        await rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", "sellout"));

        var held = await stream.SendChat(new SendChatRequest("viewer-1", "Kira is a SELLOUT"));
        var queued = (await moderation.GetSnapshot()).Flagged;
        var approved = await stream.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", held.Id, MessageAction.Approve, "criticism, not abuse"));
        var snapshot = await moderation.GetSnapshot();

        var flagged = Assert.Single(queued);
        Assert.Equal((held.Id, "blocked term: sellout"), (flagged.MessageId, Assert.Single(flagged.Reasons)));
        Assert.Equal(ChatMessageState.Visible, approved.State);
        Assert.Empty(snapshot.Flagged);
        Assert.Equal([AuditAction.AddBlockedTerm, AuditAction.ApproveMessage], snapshot.RecentAudit.Select(a => a.Action));
        Assert.Contains(approved.Id, (await stream.GetSnapshot(forModerators: false)).RecentChat.Select(m => m.Id));
    }

    [Fact]
    public async Task ViewerReports_OfOneMessage_AddUpInOneFlag()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);

        await moderation.Flag(new FlagRequest("main-stage", "main-stage:7", "viewer-1", "harassment"));
        await moderation.Flag(new FlagRequest("main-stage", "main-stage:7", "viewer-2", "spam"));
        await moderation.Flag(new FlagRequest("main-stage", "main-stage:7", "viewer-3", "spam"));

        var flagged = Assert.Single((await moderation.GetSnapshot()).Flagged);
        Assert.Equal(3, flagged.Reports);
        Assert.Equal<string>(["harassment", "spam"], flagged.Reasons);
    }

    [Fact]
    public async Task ConcurrentReports_OfOneMessage_AllCount_AndAreAllStored()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);

        await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            moderation.Flag(new FlagRequest("main-stage", "main-stage:7", $"viewer-{i}", i % 2 == 0 ? "spam" : "harassment")).AsTask()));
        var live = Assert.Single((await moderation.GetSnapshot()).Flagged);
        await domain.RestartAsync();
        var stored = Assert.Single((await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged);

        Assert.Equal(20, live.Reports);
        Assert.Equal(20, stored.Reports);
        Assert.Equal<string>(["harassment", "spam"], stored.Reasons.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task BadModerationRequests_AreRefused_AndChangeNothing()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var moderation = domain.Grains.GetGrain<IModerationGrain>(rallyId);
        var main = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));

        var codes = new[]
        {
            await Refusal(() => rally.ChangeChatPolicy(new SetChatModes("mod-ezra", 601, false, false)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "viewer-1", TimeSpan.Zero, null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "viewer-1", TimeSpan.FromDays(2), null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new BanViewer("", "viewer-1", null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", new string('x', 61))).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", "!!!")).AsTask()),
            await Refusal(() => domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "backstage"))
                .ActOnMessage(new MessageActionRequest("mod-ezra", "backstage", "backstage:1", MessageAction.Hide)).AsTask()),
            await Refusal(() => main.ActOnMessage(new MessageActionRequest("mod-ezra", "main-stage", "main-stage:404", MessageAction.Hide)).AsTask()),
            await Refusal(() => domain.Grains.GetGrain<IModerationGrain>("no-such-rally").GetPolicy().AsTask()),
            await Refusal(() => moderation.Flag(new FlagRequest("main-stage", null!, "viewer-1", "spam")).AsTask()),
            await Refusal(() => moderation.Flag(new FlagRequest("main-stage", "kira-live:3", "viewer-1", "spam")).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new BanViewer("mod-ezra", "<script>alert(1)</script>", null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new BanViewer("mod-ezra", "V-ABC", null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new BanViewer("mod-ezra", "v-1\u0000", null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new BanViewer("mod-ezra", new string('v', 65), null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "v 1", TimeSpan.FromMinutes(1), null)).AsTask()),
            await Refusal(() => rally.ChangeChatPolicy(new UnbanViewer("mod-ezra", "")).AsTask()),
        };
        var snapshot = await moderation.GetSnapshot();

        Assert.Equal(
            [RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest,
             RallyErrorCode.TextTooLong, RallyErrorCode.InvalidRequest, RallyErrorCode.StreamNotFound, RallyErrorCode.MessageNotFound, RallyErrorCode.RallyNotFound,
             RallyErrorCode.MessageNotFound, RallyErrorCode.MessageNotFound,
             RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest,
             RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest],
            codes);
        Assert.Empty(snapshot.RecentAudit);
        Assert.Empty(snapshot.Flagged);
        Assert.Equivalent(ChatPolicy.Open, snapshot.Policy, strict: true);
    }

    private static async Task<IStreamGrain> JoinedAsync(DomainCluster domain, string rallyId, string streamId, string viewerId)
    {
        var stream = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, streamId));
        await stream.Join(new JoinRequest(viewerId, viewerId));
        return stream;
    }

    private static async Task<RallyErrorCode> ChatRefusal(IStreamGrain stream, string viewerId) =>
        (await Assert.ThrowsAsync<RallyException>(() => stream.SendChat(new SendChatRequest(viewerId, "hello")).AsTask())).Code;

    private static async Task<RallyErrorCode> Refusal(Func<Task> action) => (await Assert.ThrowsAsync<RallyException>(action)).Code;
}
