using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;

namespace RallyLive.Grains.Tests.Narratives;

public sealed class CounterNarrativeGrainTests(DomainCluster domain) : DomainTests, IClassFixture<DomainCluster>
{
    protected override DomainCluster Cluster => domain;

    /// <summary>One slogan in the spellings a coordinated campaign uses; its twelve accounts make a narrative.</summary>
    internal static readonly string[] Slogans =
    [
        "the mini-lab is unsafe", "The mini-lab is UNSAFE!", "the mini lab is unsafe!!", "the mini-lab is unsafe 😡",
        "THE MINI-LAB IS UNSAFE", "the mini-lab is unsafe.", "the mini-lab is so unsafe", "the mini-lab is unsafe!!!",
        "the minilab is unsafe", "the mini-lab is unsafe, really", "mini-lab is unsafe", "the mini-lab is unsafe ok",
    ];

    [Fact]
    public async Task SloganFromManyAccounts_BecomesOneNarrative_ThatTheOrganiserAnswersAndHandsToModerators()
    {
        var rallyId = DomainCluster.NewRallyId();
        var rally = await domain.CreateRallyAsync(rallyId);
        var stream = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await PastTheWarmUpAsync(stream);
        var raisedByKind = new System.Collections.Concurrent.ConcurrentDictionary<string, long>();
        using var meter = ListenForNarrativesRaised(domain.FirstSiloServices.GetRequiredService<IMeterFactory>(), raisedByKind);
        await PostTheSloganAsync(stream);

        var narratives = domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId);
        var raised = Assert.Single(await narratives.GetNarratives());
        var answered = await rally.AnswerNarrative("luna-vega", raised.Narrative.Id, "The mini-lab passed every safety inspection: see the report at the info tent.");
        var handed = await narratives.HandToModerators("luna-vega", raised.Narrative.Id);
        var pinned = (await rally.GetSnapshot()).Pinned;
        var flagged = (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged;
        var report = await rally.GetReport();

        Assert.Equal(NarrativeKind.NearDuplicate, raised.Narrative.Kind);
        Assert.Equal(1, Assert.Single(raisedByKind, pair => pair.Key == nameof(NarrativeKind.NearDuplicate)).Value);
        Assert.True(raised.Narrative.DistinctViewers >= 8, $"{raised.Narrative.DistinctViewers} viewers");
        Assert.Equal(NarrativeStatus.Answered, answered.Narrative.Status);
        var pin = Assert.Single(pinned);
        Assert.Equal((PinKind.Response, raised.Narrative.Id, pin.Id), (pin.Kind, pin.NarrativeId, answered.PinnedResponseId));
        Assert.Equal(NarrativeStatus.HandedToModerators, handed.Narrative.Status);
        Assert.Equal(handed.MessageIds.Order(), flagged.Select(f => f.MessageId).Order());
        Assert.Equal(handed.Narrative.Id, Assert.Single(report.Narratives).Narrative.Id);
        Assert.All((await stream.GetSnapshot(forModerators: false)).RecentChat, m => Assert.Equal(ChatMessageState.Visible, m.State));
    }

    [Fact]
    public async Task ANarrativeThatGoesQuiet_IsPushedEnded_AndEveryPushCarriesOnlyItsNewMessages()
    {
        var (rallyId, stream) = await RallyWithASloganPostedAsync();

        var narratives = domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId);
        var live = Assert.Single(await narratives.GetNarratives());
        for (var second = 0; second < 150; second += 5)
        {
            await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(5));
        }

        var ended = Assert.Single(await narratives.GetNarratives());
        var pushes = domain.Broadcaster.For(rallyId).Narratives.Where(v => v.Narrative.Id == live.Narrative.Id).ToList();

        Assert.Null(live.EndedAt);
        Assert.NotNull(ended.EndedAt);
        Assert.Equal(NarrativeTrend.Falling, ended.Narrative.Trend);
        Assert.NotNull(pushes[^1].EndedAt);
        Assert.Single(pushes, v => v.EndedAt is not null);
        Assert.Equal(ended.MessageIds.Order(), pushes.SelectMany(v => v.NewMessageIds ?? []).Order());
        Assert.All(pushes, v => Assert.Empty(v.MessageIds));
        Assert.True(pushes.Count(v => v.NewMessageIds is { Count: > 0 }) >= 2, "the narrative grew after it was raised");
    }

    [Fact]
    public async Task ACampaignsMessages_ReachTheFlaggedQueue_WithoutAnyoneHandingThemOver()
    {
        var (rallyId, stream) = await RallyWithASloganPostedAsync();
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1));

        var campaign = Assert.Single(await domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId).GetNarratives());
        var flagged = (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged;

        Assert.Equal(NarrativeStatus.Open, campaign.Narrative.Status);
        Assert.NotEmpty(campaign.MessageIds);
        Assert.Equal(campaign.MessageIds.Order(), flagged.Select(f => f.MessageId).Order());
        Assert.All(flagged, f => Assert.Equal("campaign: " + campaign.Narrative.RepresentativeText, Assert.Single(f.Reasons)));
        Assert.All((await stream.GetSnapshot(forModerators: true)).RecentChat, m => Assert.Equal(ChatMessageState.Visible, m.State));
    }

    [Fact]
    public async Task ADismissedCampaign_FlagsNoMoreOfItsMessages()
    {
        var (rallyId, stream) = await RallyWithASloganPostedAsync();
        var narratives = domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId);
        var dismissed = await narratives.Dismiss("luna-vega", Assert.Single(await narratives.GetNarratives()).Narrative.Id);
        var flaggedBefore = (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged.Length;

        await stream.Join(new JoinRequest("late-insider", "Late insider"));
        await stream.SendChat(new SendChatRequest("late-insider", "the mini-lab is unsafe!"));
        await domain.Time.AdvanceAsync(TimeSpan.FromSeconds(1));
        var after = Assert.Single(await narratives.GetNarratives());

        Assert.Equal(NarrativeStatus.Dismissed, after.Narrative.Status);
        Assert.True(after.MessageIds.Length > dismissed.MessageIds.Length, "the late message joined the dismissed narrative");
        Assert.Equal(flaggedBefore, (await domain.Grains.GetGrain<IModerationGrain>(rallyId).GetSnapshot()).Flagged.Length);
    }

    [Fact]
    public async Task HandlingANarrativeThatDoesNotExist_IsRefused()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);

        var rally = domain.Grains.GetGrain<IRallyGrain>(rallyId);

        var dismiss = await Assert.ThrowsAsync<RallyException>(() =>
            domain.Grains.GetGrain<ICounterNarrativeGrain>(rallyId).Dismiss("luna-vega", "e1-n-404").AsTask());
        var answer = await Assert.ThrowsAsync<RallyException>(() => rally.AnswerNarrative("luna-vega", "e1-n-404", "An answer to nothing").AsTask());

        Assert.Equal((RallyErrorCode.NarrativeNotFound, RallyErrorCode.NarrativeNotFound), (dismiss.Code, answer.Code));
        Assert.Empty((await rally.GetSnapshot()).Pinned);
    }

    /// <summary>The detector raises no text narrative in a rally's first two minutes of chat, while it learns the rally.</summary>
    /// <summary>A new rally past the detector's warm-up, whose main stage has just had the slogan posted by many accounts.</summary>
    private async Task<(string RallyId, IStreamGrain Stream)> RallyWithASloganPostedAsync()
    {
        var rallyId = DomainCluster.NewRallyId();
        await domain.CreateRallyAsync(rallyId);
        var stream = domain.Grains.GetGrain<IStreamGrain>(StreamKey.For(rallyId, "main-stage"));
        await PastTheWarmUpAsync(stream);
        await PostTheSloganAsync(stream);
        return (rallyId, stream);
    }

    private async Task PastTheWarmUpAsync(IStreamGrain stream)
    {
        await stream.Join(new JoinRequest("host", "Host"));
        await stream.SendChat(new SendChatRequest("host", "welcome everyone, we start in two minutes"));
        await domain.Time.AdvanceAsync(TimeSpan.FromMinutes(2));
    }

    /// <summary>Each insider account joins and posts its copy of the slogan, a quarter of a second apart.</summary>
    private async Task PostTheSloganAsync(IStreamGrain stream)
    {
        for (var i = 0; i < Slogans.Length; i++)
        {
            await stream.Join(new JoinRequest($"insider-{i}", $"Insider {i}"));
            await stream.SendChat(new SendChatRequest($"insider-{i}", Slogans[i]));
            await domain.Time.AdvanceAsync(TimeSpan.FromMilliseconds(250));
            await stream.GetSnapshot(forModerators: false);
        }
    }

    /// <summary>Counts <c>rallylive.narratives.raised</c> by kind, from this cluster's silo only (other classes run clusters alongside).</summary>
    private static MeterListener ListenForNarrativesRaised(IMeterFactory meters, System.Collections.Concurrent.ConcurrentDictionary<string, long> byKind)
    {
        var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Name == "rallylive.narratives.raised" && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kind")
                {
                    byKind.AddOrUpdate((string)tag.Value!, value, (_, sum) => sum + value);
                }
            }
        });
        listener.Start();
        return listener;
    }
}
