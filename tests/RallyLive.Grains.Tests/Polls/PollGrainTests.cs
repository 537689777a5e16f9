using RallyLive.Abstractions;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Grains.Polls;

namespace RallyLive.Grains.Tests.Polls;

public sealed class PollGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    private static readonly CreatePollRequest FirstPoll = new(
        "What should the movement fight for first?",
        ["Free check-ups", "Community dental co-ops", "An end to smile-based hiring", "Public art"]);

    [Fact]
    public async Task Vote_CountsOneVotePerViewer_AndAChangedVoteMoves()
    {
        var (rally, poll) = await OpenPollAsync(domain);

        await poll.Vote(new VoteRequest("viewer-1", 0));
        await poll.Vote(new VoteRequest("viewer-2", 1));
        var same = await poll.Vote(new VoteRequest("viewer-2", 1));
        var changed = await poll.Vote(new VoteRequest("viewer-1", 1));
        var snapshot = await poll.GetSnapshot();

        Assert.Equal(new VoteReceipt(1, Changed: false), same);
        Assert.Equal(new VoteReceipt(1, Changed: true), changed);
        Assert.Equal<int>([0, 2, 0, 0], snapshot.Tallies);
        Assert.Equal(2, snapshot.TotalVotes);
        Assert.Equal(1, await poll.GetVote("viewer-1"));
        Assert.Equal(rally.GetPrimaryKeyString(), snapshot.RallyId);
    }

    [Fact]
    public async Task Tallies_AreAnnouncedOncePerInterval_NotOncePerVote()
    {
        var (rally, poll) = await OpenPollAsync(domain);
        var announcedAtOpen = domain.Broadcaster.For(rally.GetPrimaryKeyString()).Polls.Count;

        for (var i = 0; i < 50; i++)
        {
            await poll.Vote(new VoteRequest($"viewer-{i}", i % 2));
        }

        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(500));
        await poll.GetSnapshot();
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(5));
        await poll.GetSnapshot();

        var announced = domain.Broadcaster.For(rally.GetPrimaryKeyString()).Polls.Skip(announcedAtOpen).ToList();
        Assert.Equal(1, announcedAtOpen);
        var tallies = Assert.Single(announced);
        Assert.Equal<int>([25, 25, 0, 0], tallies.Tallies);
    }

    [Fact]
    public async Task Votes_FromManyViewersAtOnce_AreCountedExactly_AndDurable()
    {
        var (rally, poll) = await OpenPollAsync(domain);
        var pollKey = poll.GetPrimaryKeyString();

        await Task.WhenAll(Enumerable.Range(0, 300).Select(i => poll.Vote(new VoteRequest($"viewer-{i}", i % 4)).AsTask()));
        await domain.RestartAsync();
        var reloaded = await domain.Grains.GetGrain<IPollGrain>(pollKey).GetSnapshot();

        Assert.Equal<int>([75, 75, 75, 75], reloaded.Tallies);
        Assert.Equal(300, reloaded.TotalVotes);
    }

    [Fact]
    public async Task Close_WhileVotesArrive_CountsExactlyTheVotesThatWereAccepted()
    {
        var (rally, poll) = await OpenPollAsync(domain);

        var votes = Enumerable.Range(0, 200).Select(i => poll.Vote(new VoteRequest($"viewer-{i}", 2)).AsTask()).ToList();
        var closed = await poll.Close();
        var outcomes = await Task.WhenAll(votes.Select(async vote =>
        {
            try
            {
                await vote;
                return true;
            }
            catch (RallyException refused) when (refused.Code == RallyErrorCode.PollClosed)
            {
                return false;
            }
        }));

        Assert.Equal(outcomes.Count(accepted => accepted), closed.Tallies[2]);
        Assert.Equivalent(closed, await poll.GetSnapshot(), strict: true);
    }

    [Fact]
    public async Task Vote_OnAClosedPoll_IsRefused_AndChangesNothing()
    {
        var (rally, poll) = await OpenPollAsync(domain);
        await poll.Vote(new VoteRequest("viewer-1", 3));
        await rally.ClosePoll(PollKey.PollId(poll.GetPrimaryKeyString()));

        var refused = await Assert.ThrowsAsync<RallyException>(() => poll.Vote(new VoteRequest("viewer-2", 3)).AsTask());

        Assert.Equal(RallyErrorCode.PollClosed, refused.Code);
        Assert.Equal<int>([0, 0, 0, 1], (await poll.GetSnapshot()).Tallies);
    }

    [Fact]
    public async Task Vote_BeforeThePollOpens_IsRefused()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
        var draft = await rally.AddPoll(FirstPoll);
        var poll = domain.Grains.GetGrain<IPollGrain>(PollKey.For(draft.RallyId, draft.PollId));

        var refused = await Assert.ThrowsAsync<RallyException>(() => poll.Vote(new VoteRequest("viewer-1", 0)).AsTask());

        Assert.Equal(RallyErrorCode.PollNotOpen, refused.Code);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(int.MaxValue)]
    public async Task Vote_ForAnOptionThePollDoesNotHave_IsRefused(int option)
    {
        var (_, poll) = await OpenPollAsync(domain);

        var refused = await Assert.ThrowsAsync<RallyException>(() => poll.Vote(new VoteRequest("viewer-1", option)).AsTask());

        Assert.Equal(RallyErrorCode.OptionNotFound, refused.Code);
        Assert.Equal(0, (await poll.GetSnapshot()).TotalVotes);
    }

    [Theory]
    [MemberData(nameof(InvalidPolls))]
    public async Task Create_WithAnInvalidPoll_IsRefusedWithItsCode_AndCreatesNothing(CreatePollRequest request, RallyErrorCode code)
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());

        var refused = await Assert.ThrowsAsync<RallyException>(() => rally.AddPoll(request).AsTask());

        Assert.Equal(code, refused.Code);
        Assert.Empty((await rally.GetSnapshot()).PollIds);
    }

    public static TheoryData<CreatePollRequest, RallyErrorCode> InvalidPolls => new()
    {
        { new CreatePollRequest("Only one way?", ["Yes"]), RallyErrorCode.TooFewOptions },
        { new CreatePollRequest("Too many ways?", [.. Enumerable.Range(1, 9).Select(i => $"Option {i}")]), RallyErrorCode.TooManyOptions },
        { new CreatePollRequest(new string('?', 201), ["Yes", "No"]), RallyErrorCode.TextTooLong },
        { new CreatePollRequest("Long option?", ["Yes", new string('n', 81)]), RallyErrorCode.TextTooLong },
        { new CreatePollRequest("   ", ["Yes", "No"]), RallyErrorCode.TextEmpty },
        { new CreatePollRequest("Blank option?", ["Yes", ""]), RallyErrorCode.TextEmpty },
        { new CreatePollRequest("Twice?", ["Yes", "YES"]), RallyErrorCode.DuplicateOption },
        { new CreatePollRequest("No options?", default), RallyErrorCode.TooFewOptions },
    };

    [Fact]
    public async Task PollWithResultsAtClose_ShowsViewersNoTalliesUntilItCloses()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
        var draft = await rally.AddPoll(FirstPoll with { Visibility = ResultsVisibility.AtClose });
        await rally.OpenPoll(draft.PollId);
        var poll = domain.Grains.GetGrain<IPollGrain>(PollKey.For(draft.RallyId, draft.PollId));
        await poll.Vote(new VoteRequest("viewer-1", 1));

        var whileOpen = (await poll.GetSnapshot()).ForViewers();
        var afterClose = (await rally.ClosePoll(draft.PollId)).ForViewers();

        Assert.Empty(whileOpen.Tallies);
        Assert.Equal<int>([0, 1, 0, 0], afterClose.Tallies);
    }

    [Fact]
    public async Task VoteMany_AnswersEachVoteAsASingleVoteWould_AndTalliesEqualTheStoredVotesAfterReactivation()
    {
        var (_, poll) = await OpenPollAsync(domain);
        await poll.Vote(new VoteRequest("ana", 3));

        var outcomes = await poll.VoteMany(
        [
            new VoteRequest("ana", 0),
            new VoteRequest("ben", 2),
            new VoteRequest("cy", 7),
            new VoteRequest(" ", 1),
            new VoteRequest("dee", 1),
            new VoteRequest("dee", 3),
            new VoteRequest("eve", 2),
        ]);
        var before = await poll.GetSnapshot();
        await domain.RestartAsync();
        var reloaded = domain.Grains.GetGrain<IPollGrain>(poll.GetPrimaryKeyString());
        var after = await reloaded.GetSnapshot();

        Assert.Equal(7, outcomes.Length);
        Assert.Equal(new VoteOutcome(new VoteReceipt(0, Changed: true)), outcomes[0]);
        Assert.Equal(new VoteOutcome(new VoteReceipt(2, Changed: false)), outcomes[1]);
        AssertRefused(RallyErrorCode.OptionNotFound, outcomes[2]);
        AssertRefused(RallyErrorCode.InvalidRequest, outcomes[3]);
        Assert.Equal(new VoteOutcome(new VoteReceipt(2, Changed: false)), outcomes[6]);
        // The same viewer twice: the later vote is stored last and counted last, as if the two had come one after the other.
        Assert.Equal(new VoteOutcome(new VoteReceipt(1, Changed: false)), outcomes[4]);
        Assert.Equal(new VoteOutcome(new VoteReceipt(3, Changed: true)), outcomes[5]);
        Assert.Equal(3, await reloaded.GetVote("dee"));
        Assert.Equal(4, after.TotalVotes);
        Assert.Equal<int>([1, 0, 2, 1], after.Tallies);
        Assert.Equal<int>(before.Tallies, after.Tallies);
        Assert.Equal(0, await reloaded.GetVote("ana"));
    }

    [Fact]
    public async Task VoteMany_ForADraftPoll_RefusesEveryVote_AndCountsNothing()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
        var draft = await rally.AddPoll(FirstPoll);
        var poll = domain.Grains.GetGrain<IPollGrain>(PollKey.For(draft.RallyId, draft.PollId));

        var outcomes = await poll.VoteMany([new VoteRequest("viewer-1", 0), new VoteRequest("viewer-2", 1)]);

        Assert.All(outcomes, outcome => AssertRefused(RallyErrorCode.PollNotOpen, outcome));
        Assert.Equal(RallyErrorCode.PollNotOpen, Assert.Throws<RallyException>(() => outcomes[0].ReceiptOrThrow()).Code);
        Assert.Equal(0, (await poll.GetSnapshot()).TotalVotes);
    }

    [Fact]
    public async Task VoteMany_ForAClosedPoll_RefusesEveryVote_AndChangesNothing()
    {
        var (rally, poll) = await OpenPollAsync(domain);
        await poll.Vote(new VoteRequest("viewer-1", 3));
        await rally.ClosePoll(PollKey.PollId(poll.GetPrimaryKeyString()));

        var outcomes = await poll.VoteMany([new VoteRequest("viewer-1", 0), new VoteRequest("viewer-2", 3)]);

        Assert.All(outcomes, outcome => AssertRefused(RallyErrorCode.PollClosed, outcome));
        Assert.Equal<int>([0, 0, 0, 1], (await poll.GetSnapshot()).Tallies);
    }

    [Fact]
    public async Task Close_WhileABatchOfVotesIsOnItsWay_CountsExactlyTheVotesThatWereAccepted()
    {
        var (_, poll) = await OpenPollAsync(domain);

        var batch = poll.VoteMany([.. Enumerable.Range(0, 200).Select(i => new VoteRequest($"viewer-{i}", 2))]).AsTask();
        var closed = await poll.Close();
        var outcomes = await batch;

        Assert.All(outcomes, outcome => Assert.True(outcome.Receipt is not null || outcome.Refused == RallyErrorCode.PollClosed));
        Assert.Equal(outcomes.Count(outcome => outcome.Receipt is not null), closed.Tallies[2]);
        Assert.Equivalent(closed, await poll.GetSnapshot(), strict: true);
    }

    [Fact]
    public async Task AViewer_VotesNoFasterThanTheirAllowance_WhicheverNodeTheirCallsComeThrough()
    {
        var (_, poll) = await OpenPollAsync(domain);
        var limit = new PollOptions().VotesPerViewer;

        // The poll is one grain in the cluster: every call of the viewer, through any node, spends the same allowance.
        var outcomes = await poll.VoteMany([.. Enumerable.Range(0, limit.Burst + 3).Select(i => new VoteRequest("viewer-1", i % 2))]);
        var otherViewer = await poll.Vote(new VoteRequest("viewer-2", 0));

        Assert.All(outcomes.Take(limit.Burst), o => Assert.NotNull(o.Receipt));
        Assert.All(outcomes.Skip(limit.Burst), o => AssertRefused(RallyErrorCode.RateLimited, o));
        Assert.Equal(0, otherViewer.OptionIndex);
        Assert.Equal((limit.Burst - 1) % 2, await poll.GetVote("viewer-1"));   // the last vote allowed counts

        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1 / limit.PerSecond));
        Assert.Equal(1, (await poll.Vote(new VoteRequest("viewer-1", 1))).OptionIndex);
    }

        private static void AssertRefused(RallyErrorCode code, VoteOutcome outcome)
    {
        Assert.Null(outcome.Receipt);
        Assert.Equal(code, outcome.Refused);
        Assert.False(string.IsNullOrEmpty(outcome.Reason));
    }

    private static async Task<(IRallyGrain Rally, IPollGrain Poll)> OpenPollAsync(DomainCluster domain)
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
        var draft = await rally.AddPoll(FirstPoll);
        await rally.OpenPoll(draft.PollId);
        return (rally, domain.Grains.GetGrain<IPollGrain>(PollKey.For(draft.RallyId, draft.PollId)));
    }
}
