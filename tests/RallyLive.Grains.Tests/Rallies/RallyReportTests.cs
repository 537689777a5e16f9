using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Polls;

namespace RallyLive.Grains.Tests.Rallies;

public sealed class RallyReportTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    [Fact]
    public async Task Report_GathersTimelineSpeakersPollsAndModeration_InOneCall()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var main = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await main.Join(new JoinRequest("ana", "Ana"));
        await main.React(new ReactRequest("ana", DomainCluster.Taps(("cheer", 4))));
        await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(250));
        await main.GetSnapshot(forModerators: false);
        var poll = await rally.AddPoll(new CreatePollRequest("What should the movement fight for first?", ["Free check-ups", "Co-ops"]));
        await rally.OpenPoll(poll.PollId);
        await domain.Grains.GetGrain<IPollGrain>(PollKey.For(rallyId, poll.PollId)).Vote(new VoteRequest("ana", 1));
        await rally.ChangeChatPolicy(new TimeOutViewer("mod-ezra", "troll", TimeSpan.FromMinutes(1), "spam"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(5));
        await rally.NextSegment();
        await rally.End();

        var report = await rally.GetReport();

        Assert.Equal(RallyStatus.Ended, report.Rally.Status);
        Assert.Equal(4, report.ReactionTotals["cheer"]);
        Assert.Equal(4, Assert.Single(report.StreamTimelines["main-stage"]).Reactions["cheer"]);
        Assert.Empty(report.StreamTimelines["street-cam"]);
        var luna = report.Speakers.Single(s => s.SpeakerId == "luna-vega");
        Assert.Equal(4, Assert.Single(luna.Segments).Reactions["cheer"]);
        Assert.Single(report.Speakers.Single(s => s.SpeakerId == "kira-jones").Segments);
        Assert.Equal<int>([0, 1], Assert.Single(report.Polls).Tallies);
        Assert.Equal(PollStatus.Closed, report.Polls[0].Status);
        Assert.Equal(AuditAction.TimeOutViewer, Assert.Single(report.ModerationActions).Action);
    }
}
