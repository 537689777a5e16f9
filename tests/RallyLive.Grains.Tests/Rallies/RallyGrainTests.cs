using RallyLive.Abstractions;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Polls;
using RallyLive.Grains.Rallies;

namespace RallyLive.Grains.Tests.Rallies;

public sealed class RallyGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    [Fact]
    public async Task Create_KeepsTheRunOfShowStreamsAndSpeakers_InDraft()
    {
        var rallyId = DomainCluster.NewRallyId();

        var rally = await domain.Grains.GetGrain<IRallyGrain>(rallyId).Create(DomainCluster.TrueSmileRally(), "org-test");

        Assert.Equal(RallyStatus.Draft, rally.Status);
        Assert.Equal(["main-stage", "kira-live", "street-cam"], rally.Streams.Select(s => s.Id));
        Assert.Equal("https://video.example/kira", rally.Streams[1].EmbedUrl);
        Assert.Equal(["luna-vega", "kira-jones", "orion-rivers", "luna-vega"], rally.RunOfShow.Select(s => s.SpeakerId));
        Assert.Null(rally.CurrentSegment);
        Assert.Equal<ReactionKind>(RallyOptions.DefaultPalette, rally.ReactionPalette);
    }

    [Fact]
    public async Task RunOfShow_GoesLive_AdvancesSegmentBySegment_AndEnds()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId(), live: false);

        var live = await rally.GoLive();
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(10));
        var second = await rally.NextSegment();
        await rally.NextSegment();
        await rally.NextSegment();
        var beyond = await Assert.ThrowsAsync<RallyException>(() => rally.NextSegment().AsTask());
        var ended = await rally.End();

        Assert.Equal((RallyStatus.Live, 0), (live.Status, live.CurrentSegment));
        Assert.Equal(1, second.CurrentSegment);
        Assert.Equal(TimeSpan.FromMinutes(10), second.RunOfShow[0].EndedAt - second.RunOfShow[0].StartedAt);
        Assert.Equal(RallyErrorCode.NoNextSegment, beyond.Code);
        Assert.Equal(RallyStatus.Ended, ended.Status);
        Assert.NotNull(ended.RunOfShow[3].EndedAt);
    }

    [Fact]
    public async Task ActionsOnAnEndedRally_AreRefused_AndChangeNothing()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
        await rally.End();

        var refusals = new[]
        {
            await Refused(() => rally.NextSegment().AsTask()),
            await Refused(() => rally.Pin(new PinRequest("Thank you all")).AsTask()),
            await Refused(() => rally.AddPoll(new CreatePollRequest("Again?", ["Yes", "No"])).AsTask()),
            await Refused(() => rally.GoLive().AsTask()),
            await Refused(() => rally.End().AsTask()),
        };

        Assert.All(refusals, code => Assert.Equal(RallyErrorCode.RallyEnded, code));
        var snapshot = await rally.GetSnapshot();
        Assert.Empty(snapshot.Pinned);
        Assert.Empty(snapshot.PollIds);
    }

    [Fact]
    public async Task End_ClosesTheRallysOpenPolls()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());
        var poll = await rally.AddPoll(new CreatePollRequest("Should smile technology follow a public ethical standard?", ["Yes", "No"]));
        await rally.OpenPoll(poll.PollId);

        await rally.End();

        Assert.Equal(PollStatus.Closed, (await domain.Grains.GetGrain<IPollGrain>(PollKey.For(poll.RallyId, poll.PollId)).GetSnapshot()).Status);
    }

    [Fact]
    public async Task PinnedItems_ArePinnedAndUnpinned_AndSurviveARestart()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var first = await rally.Pin(new PinRequest("The mini-lab is certified safe: see the inspection report."));
        var second = await rally.Pin(new PinRequest("Free check-ups at the co-op tent", PinKind.Announcement));

        await rally.Unpin(first.Id);
        var missing = await Refused(() => rally.Unpin(first.Id).AsTask());
        await domain.RestartAsync();
        var reloaded = await domain.Grains.GetGrain<IRallyGrain>(rallyId).GetSnapshot();

        Assert.Equal(RallyErrorCode.PinNotFound, missing);
        Assert.Equivalent(new[] { second }, reloaded.Pinned, strict: true);
        Assert.Equal(RallyStatus.Live, reloaded.Status);
        Assert.Equal(0, reloaded.CurrentSegment);
    }

    [Theory]
    [MemberData(nameof(InvalidRallies))]
    public async Task Create_WithAnInvalidRally_IsRefusedWithItsCode_AndCreatesNothing(CreateRallyRequest request, RallyErrorCode code)
    {
        var rally = domain.Grains.GetGrain<IRallyGrain>(DomainCluster.NewRallyId());

        var refused = await Refused(() => rally.Create(request, "org-test").AsTask());

        Assert.Equal(code, refused);
        Assert.Equal(RallyErrorCode.RallyNotFound, await Refused(() => rally.GetSnapshot().AsTask()));
    }

    public static TheoryData<CreateRallyRequest, RallyErrorCode> InvalidRallies()
    {
        var valid = DomainCluster.TrueSmileRally();
        return new()
        {
            { valid with { Streams = [] }, RallyErrorCode.InvalidRally },
            { valid with { Streams = [new("main", "Main"), new("main", "Again")] }, RallyErrorCode.InvalidRally },
            { valid with { Streams = [new("Main Stage", "Main")] }, RallyErrorCode.InvalidRequest },
            { valid with { Streams = [new("main", "Main", "javascript:alert(1)")] }, RallyErrorCode.InvalidRally },
            { valid with { RunOfShow = [new("Surprise", "vanessa-chen")] }, RallyErrorCode.SpeakerNotFound },
            { valid with { Title = new string('t', 121) }, RallyErrorCode.TextTooLong },
            { valid with { Title = " " }, RallyErrorCode.TextEmpty },
            { valid with { ReactionPalette = [new("cheer", 2)] }, RallyErrorCode.InvalidRally },
            { valid with { Speakers = [new("luna-vega", "")] }, RallyErrorCode.TextEmpty },
        };
    }

    [Fact]
    public async Task OrganiserText_IsCleanedAsChatIs_OfControlBidiAndZeroWidthCharacters()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = domain.Grains.GetGrain<IRallyGrain>(rallyId);
        const string Dirty = "\u0000Smiles\u0007 \u202Efor\u202C\u200B all\u2066\u200D\u0085\t";
        await rally.Create(new CreateRallyRequest(
            Dirty,
            Dirty,
            [new("luna-vega", Dirty, Dirty)],
            [new("main-stage", Dirty)],
            [new(Dirty, "luna-vega")]), "org-test");
        await rally.GoLive();

        var poll = await rally.AddPoll(new CreatePollRequest(Dirty, ["Yes\u0000\u200B", "\u202ENo"]));
        var pin = await rally.Pin(new PinRequest(Dirty));
        var snapshot = await rally.GetSnapshot();
        var empty = await Assert.ThrowsAsync<RallyException>(() => rally.Pin(new PinRequest("\u200B\u0000\u202E")).AsTask());

        const string Clean = "Smiles for all";
        Assert.All(
            [snapshot.Title, snapshot.Cause, snapshot.Speakers[0].Name, snapshot.Speakers[0].Bio, snapshot.Streams[0].Name, snapshot.RunOfShow[0].Title, poll.Question, pin.Text],
            text => Assert.Equal(Clean, text));
        Assert.Equal<string>(["Yes", "No"], poll.Options);
        Assert.Equal(RallyErrorCode.TextEmpty, empty.Code);
    }

    [Fact]
    public async Task PollVisibilityAndPinKind_OutsideTheirValues_AreRefused_AndCreateNothing()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);

        var visibility = await Assert.ThrowsAsync<RallyException>(() => rally.AddPoll(new CreatePollRequest("Standards now?", ["Yes", "No"], (ResultsVisibility)99)).AsTask());
        var kind = await Assert.ThrowsAsync<RallyException>(() => rally.Pin(new PinRequest("Hello", (PinKind)99)).AsTask());
        var narrative = await Assert.ThrowsAsync<RallyException>(() => rally.Pin(new PinRequest("Hello", PinKind.Response, "<b>n-1</b>")).AsTask());
        var snapshot = await rally.GetSnapshot();

        Assert.Equal((RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest, RallyErrorCode.InvalidRequest), (visibility.Code, kind.Code, narrative.Code));
        Assert.Empty(snapshot.PollIds);
        Assert.Empty(snapshot.Pinned);
    }

    [Fact]
    public async Task Create_Twice_IsRefused_AndKeepsTheFirst()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId(), live: false);

        var refused = await Refused(() => rally.Create(DomainCluster.TrueSmileRally() with { Title = "Another" }, "org-test").AsTask());

        Assert.Equal(RallyErrorCode.RallyAlreadyExists, refused);
        Assert.Equal("True Smile rally", (await rally.GetSnapshot()).Title);
    }

    [Fact]
    public async Task UnknownRally_AndUnknownPoll_AreRefused()
    {
        var rally = await domain.CreateRallyAsync(DomainCluster.NewRallyId());

        Assert.Equal(RallyErrorCode.RallyNotFound, await Refused(() => domain.Grains.GetGrain<IRallyGrain>("no-such-rally").GoLive().AsTask()));
        Assert.Equal(RallyErrorCode.PollNotFound, await Refused(() => rally.OpenPoll("poll99").AsTask()));
        Assert.Equal(RallyErrorCode.StreamNotFound,
            await Refused(() => domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rally.GetPrimaryKeyString(), "backstage")).GetSnapshot(forModerators: false).AsTask()));
    }

    private static async Task<RallyErrorCode> Refused(Func<Task> action) => (await Assert.ThrowsAsync<RallyException>(action)).Code;
}
