using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Questions;

namespace RallyLive.Grains.Tests.Questions;

public sealed class QuestionsGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    [Fact]
    public async Task Ask_StoresAPendingQuestion_SeenByModeratorsOnly_UntilApproved()
    {
        var (rallyId, questions) = await RallyAsync();

        var asked = await questions.Ask(Ask("v-ana", "  Where   will the mini-lab go next?  "));
        var forViewers = await questions.GetQuestions(forModerators: false);
        var forModerators = await questions.GetQuestions(forModerators: true);
        var approved = await questions.Approve(new QuestionActionRequest("mod-ezra", asked.Id));
        var forViewersAfter = await questions.GetQuestions(forModerators: false);

        Assert.Equal(("q1", "v-ana", "Ana", "main-stage", "Where will the mini-lab go next?", QuestionState.Pending, 0),
            (asked.Id, asked.ViewerId, asked.DisplayName, asked.StreamId, asked.Text, asked.State, asked.Upvotes));
        Assert.Empty(forViewers);
        Assert.Equal<Question>([asked], forModerators);
        Assert.Equal(QuestionState.Approved, approved.State);
        Assert.Equal<Question>([approved], forViewersAfter);
        Assert.Equal([asked, approved], domain.Broadcaster.For(rallyId).Questions.SelectMany(q => q));
    }

    [Theory]
    [InlineData("", RallyErrorCode.TextEmpty)]
    [InlineData(" \u200b\t ", RallyErrorCode.TextEmpty)]
    [InlineData("201 characters", RallyErrorCode.TextTooLong)]
    public async Task Ask_WithEmptyOrTooLongText_IsRefused_AndStoresNothing(string text, RallyErrorCode code)
    {
        var (_, questions) = await RallyAsync();
        var sent = text == "201 characters" ? new string('a', 201) : text;

        var refused = await Assert.ThrowsAsync<RallyException>(() => questions.Ask(Ask("v-ana", sent)).AsTask());
        var longest = await questions.Ask(Ask("v-ana", new string('b', 200) + "   "));

        Assert.Equal(code, refused.Code);
        Assert.Equal(200, longest.Text.Length);
        Assert.Equal("q1", longest.Id);
    }

    [Fact]
    public async Task Ask_BeyondThreeOpenQuestionsOfAViewer_IsRefused_UntilOneIsRejected()
    {
        var (_, questions) = await RallyAsync();
        var first = await questions.Ask(Ask("v-ana", "First?"));
        await questions.Ask(Ask("v-ana", "Second?"));
        await questions.Approve(new QuestionActionRequest("mod-ezra", (await questions.Ask(Ask("v-ana", "Third?"))).Id));

        var fourth = await Assert.ThrowsAsync<RallyException>(() => questions.Ask(Ask("v-ana", "Fourth?")).AsTask());
        var someoneElse = await questions.Ask(Ask("v-ben", "Another viewer's first?"));
        await questions.Reject(new QuestionActionRequest("mod-ezra", first.Id));
        var afterReject = await questions.Ask(Ask("v-ana", "Fourth, again?"));

        Assert.Equal(RallyErrorCode.QuestionLimitReached, fourth.Code);
        Assert.Equal(QuestionState.Pending, someoneElse.State);
        Assert.Equal("q5", afterReject.Id);
    }

    [Fact]
    public async Task Ask_BeyondTheRallysLimit_IsRefused()
    {
        var (_, questions) = await RallyAsync();
        for (var i = 0; i < 500; i++)
        {
            await questions.Ask(Ask($"v-{i}", $"Question number {i}?"));
        }

        var refused = await Assert.ThrowsAsync<RallyException>(() => questions.Ask(Ask("v-late", "One more?")).AsTask());

        Assert.Equal(RallyErrorCode.QuestionLimitReached, refused.Code);
        Assert.Equal(500, (await questions.GetQuestions(forModerators: true)).Length);
    }

    [Fact]
    public async Task Ask_FromBannedOrTimedOutViewers_IsRefused_AndABlockedTermHoldsItWithItsReasonForModerators()
    {
        var (rallyId, questions) = await RallyAsync();
        var rally = domain.Grains.GetGrain<Abstractions.Rallies.IRallyGrain>(rallyId);
        await rally.ChangeChatPolicy(new BanViewer("mod-ezra", "v-troll", "raid"));
        await rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "v-loud", TimeSpan.FromMinutes(5), "spam"));
        await rally.ChangeChatPolicy(new AddBlockedTerm("mod-ezra", "sellout"));

        var banned = await Assert.ThrowsAsync<RallyException>(() => questions.Ask(Ask("v-troll", "Why?")).AsTask());
        var timedOut = await Assert.ThrowsAsync<RallyException>(() => questions.Ask(Ask("v-loud", "Why?")).AsTask());
        var held = await questions.Ask(Ask("v-ana", "Is Kira a SELL0UT?"));
        var approved = await questions.Approve(new QuestionActionRequest("mod-ezra", held.Id));
        var viewersSee = Assert.Single(await questions.GetQuestions(forModerators: false));

        Assert.Equal(RallyErrorCode.ViewerBanned, banned.Code);
        Assert.Equal(RallyErrorCode.ViewerTimedOut, timedOut.Code);
        Assert.Equal(QuestionState.Pending, held.State);
        Assert.StartsWith("blocked term: sellout", held.HeldReason, StringComparison.Ordinal);
        Assert.NotNull(approved.HeldReason);
        Assert.Null(viewersSee.HeldReason);
    }

    [Fact]
    public async Task Upvote_CountsOncePerViewer_NotForTheAsker_AndOnlyOnApprovedQuestions()
    {
        var (_, questions) = await RallyAsync();
        var pending = await questions.Ask(Ask("v-ana", "Pending?"));
        var question = await questions.Ask(Ask("v-ana", "Approved?"));
        await questions.Approve(new QuestionActionRequest("mod-ezra", question.Id));

        var first = await questions.Upvote(new UpvoteQuestionRequest("v-ben", question.Id));
        var again = await questions.Upvote(new UpvoteQuestionRequest("v-ben", question.Id));
        var other = await questions.Upvote(new UpvoteQuestionRequest("v-cleo", question.Id));
        var own = await Assert.ThrowsAsync<RallyException>(() => questions.Upvote(new UpvoteQuestionRequest("v-ana", question.Id)).AsTask());
        var notApproved = await Assert.ThrowsAsync<RallyException>(() => questions.Upvote(new UpvoteQuestionRequest("v-ben", pending.Id)).AsTask());
        var unknown = await Assert.ThrowsAsync<RallyException>(() => questions.Upvote(new UpvoteQuestionRequest("v-ben", "q99")).AsTask());

        Assert.Equal(new UpvoteReceipt(question.Id, 1, Counted: true), first);
        Assert.Equal(new UpvoteReceipt(question.Id, 1, Counted: false), again);
        Assert.Equal(new UpvoteReceipt(question.Id, 2, Counted: true), other);
        Assert.Equal(RallyErrorCode.InvalidRequest, own.Code);
        Assert.Equal(RallyErrorCode.QuestionNotApproved, notApproved.Code);
        Assert.Equal(RallyErrorCode.QuestionNotFound, unknown.Code);
    }

    [Fact]
    public async Task Upvotes_SentAtOnce_AreCountedExactly_OncePerViewer_AndSurviveARestart()
    {
        var (rallyId, questions) = await RallyAsync();
        var question = await questions.Ask(Ask("v-ana", "Where next?"));
        await questions.Approve(new QuestionActionRequest("mod-ezra", question.Id));

        // Each of 20 viewers upvotes twice at once: every pair races itself and the others.
        var receipts = await Task.WhenAll(Enumerable.Range(0, 40)
            .Select(i => questions.Upvote(new UpvoteQuestionRequest($"v-{i % 20}", question.Id)).AsTask()));
        await domain.RestartAsync();
        var restored = Assert.Single(await domain.Grains.GetGrain<IQuestionsGrain>(rallyId).GetQuestions(forModerators: false));

        Assert.Equal(20, receipts.Count(r => r.Counted));
        Assert.Equal(20, receipts.Max(r => r.Upvotes));
        Assert.Equal((QuestionState.Approved, 20), (restored.State, restored.Upvotes));
    }

    [Fact]
    public async Task Upvotes_AreAnnouncedOncePerInterval_NotOncePerUpvote()
    {
        var (rallyId, questions) = await RallyAsync();
        var question = await questions.Ask(Ask("v-ana", "Where next?"));
        await questions.Approve(new QuestionActionRequest("mod-ezra", question.Id));
        var before = domain.Broadcaster.For(rallyId).Questions.Count;

        for (var i = 0; i < 10; i++)
        {
            await questions.Upvote(new UpvoteQuestionRequest($"v-{i}", question.Id));
        }

        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        await questions.GetReport();
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(5));
        await questions.GetReport();

        var announced = domain.Broadcaster.For(rallyId).Questions.Skip(before).ToList();
        var counts = Assert.Single(announced);
        Assert.Equal(10, Assert.Single(counts).Upvotes);
    }

    [Fact]
    public async Task Show_PutsOneApprovedQuestionOnScreen_TheOneBeforeIsAnswered_AndClearAnswersIt()
    {
        var (rallyId, questions) = await RallyAsync();
        var first = await questions.Ask(Ask("v-ana", "First?"));
        var second = await questions.Ask(Ask("v-ben", "Second?"));
        var pending = await questions.Ask(Ask("v-cleo", "Pending?"));
        await questions.Approve(new QuestionActionRequest("mod-ezra", first.Id));
        await questions.Approve(new QuestionActionRequest("mod-ezra", second.Id));

        var shownFirst = await questions.Show(new QuestionActionRequest("luna-vega", first.Id));
        var shownSecond = await questions.Show(new QuestionActionRequest("luna-vega", second.Id));
        var notApproved = await Assert.ThrowsAsync<RallyException>(() => questions.Show(new QuestionActionRequest("luna-vega", pending.Id)).AsTask());
        await domain.RestartAsync();
        questions = domain.Grains.GetGrain<IQuestionsGrain>(rallyId);
        var viewersSee = await questions.GetQuestions(forModerators: false);
        var cleared = await questions.ClearShown("luna-vega");
        var clearedAgain = await questions.ClearShown("luna-vega");
        var report = await questions.GetReport();

        Assert.Equal(QuestionState.Shown, shownFirst.State);
        Assert.Equal(QuestionState.Shown, shownSecond.State);
        Assert.Equal(RallyErrorCode.QuestionNotApproved, notApproved.Code);
        Assert.Equal([(second.Id, QuestionState.Shown)], viewersSee.Select(q => (q.Id, q.State)));
        Assert.Equal((second.Id, QuestionState.Answered), (cleared!.Id, cleared.State));
        Assert.Null(clearedAgain);
        Assert.Equal((3, 2, 0, 2), (report.Asked, report.Approved, report.Rejected, report.Shown));
    }

    [Fact]
    public async Task Questions_AreRankedByUpvotes_ThenByAge_InTheViewersListAndTheReport()
    {
        var (rallyId, questions) = await RallyAsync();
        var ids = new List<string>();
        foreach (var (viewer, text) in new[] { ("v-ana", "Old?"), ("v-ben", "Popular?"), ("v-cleo", "Rejected?"), ("v-dan", "Also old?") })
        {
            var asked = await questions.Ask(Ask(viewer, text));
            await questions.Approve(new QuestionActionRequest("mod-ezra", asked.Id));
            ids.Add(asked.Id);
        }

        await questions.Upvote(new UpvoteQuestionRequest("v-x", ids[1]));
        await questions.Upvote(new UpvoteQuestionRequest("v-y", ids[1]));
        await questions.Upvote(new UpvoteQuestionRequest("v-x", ids[2]));
        await questions.Reject(new QuestionActionRequest("mod-ezra", ids[2]));
        var report = await domain.Grains.GetGrain<Abstractions.Rallies.IRallyGrain>(rallyId).GetReport();

        Assert.Equal([ids[1], ids[0], ids[3]], (await questions.GetQuestions(forModerators: false)).Select(q => q.Id));
        Assert.Equal([ids[1], ids[0], ids[3]], report.Questions.Top.Select(q => q.Id));
        Assert.Equal((4, 3, 1, 0, 2), (report.Questions.Asked, report.Questions.Approved, report.Questions.Rejected, report.Questions.Shown, report.Questions.Top[0].Upvotes));
    }

    [Fact]
    public async Task ApprovingAndRejecting_AreAudited_WithTheAskerAndTheQuestion_OncePerChange()
    {
        var (rallyId, questions) = await RallyAsync();
        var kept = await questions.Ask(Ask("v-ana", "Where will the mini-lab go next?"));
        var turnedDown = await questions.Ask(Ask("v-bo", "Is the mini-lab safe for kids?"));

        await questions.Approve(new QuestionActionRequest("mod-ezra", kept.Id));
        await questions.Approve(new QuestionActionRequest("mod-ezra", kept.Id));
        await questions.Reject(new QuestionActionRequest("mod-ezra", turnedDown.Id));
        var audit = (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).RecentAudit;

        Assert.Equal(
            [
                (AuditAction.ApproveQuestion, $"questions/{kept.Id}", "v-ana", "Ana", "Where will the mini-lab go next?"),
                (AuditAction.RejectQuestion, $"questions/{turnedDown.Id}", "v-bo", "Bo", "Is the mini-lab safe for kids?"),
            ],
            audit.OrderBy(a => a.Sequence).Select(a => (a.Action, a.Target, a.ViewerId, a.ViewerName, a.MessageText)));
        Assert.All(audit, a => Assert.Equal("mod-ezra", a.ModeratorId));
    }

    private async Task<(string RallyId, IQuestionsGrain Questions)> RallyAsync()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        return (rallyId, domain.Grains.GetGrain<IQuestionsGrain>(rallyId));
    }

    private static AskQuestionRequest Ask(string viewerId, string text) =>
        new(viewerId, viewerId[2..].Length > 0 ? char.ToUpperInvariant(viewerId[2]) + viewerId[3..] : viewerId, "main-stage", text);
}
