using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Narratives;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Sentiment;
using RallyLive.Grains;
using RallyLive.Grains.Polls;
using RallyLive.Server.Realtime.Delivery;

namespace RallyLive.Server.Realtime;

/// <summary>An organiser's control panel connection (<c>/hubs/organiser</c>): run the show and answer the crowd.</summary>
[Authorize(Policy = RallyPolicies.Organiser)]
public sealed class OrganiserHub(IGrainFactory grains, RallySequences sequences, DeliveryPace pace) : Hub<IOrganiserClient>
{
    public override async Task OnConnectedAsync()
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, Realtime.Groups.Organisers(Context.RallyId()));
        if (pace.Current is { Level: not DeliveryLevel.Full } load)
        {
            await Clients.Caller.ServerLoad(load);
        }
    }

    /// <summary>The whole control panel as of the returned sequence or later; call it on (re)connect.</summary>
    public async Task<OrganiserCatchUp> CatchUp()
    {
        var sequence = sequences.Current(Context.RallyId());
        var rally = await Rally.GetSnapshot();
        var polls = new List<PollSnapshot>();
        foreach (var pollId in rally.PollIds)
        {
            polls.Add(await grains.GetGrain<IPollGrain>(PollKey.For(rally.RallyId, pollId)).GetSnapshot());
        }

        var sentiment = await grains.GetGrain<ICrowdSentimentGrain>(rally.RallyId).GetRecent(TimeSpan.FromMinutes(10));
        var moderation = await grains.GetGrain<IModerationGrain>(rally.RallyId).GetSnapshot();
        var questions = await Questions.GetQuestions(forModerators: true);
        return new OrganiserCatchUp(sequence, rally, [.. polls], [.. await Narratives.GetNarratives()], [.. sentiment], moderation, questions);
    }

    public async Task<RallySnapshot> GetRally() => await Rally.GetSnapshot();

    public async Task<RallySnapshot> GoLive() => await Rally.GoLive();

    public async Task<RallySnapshot> NextSegment() => await Rally.NextSegment();

    public async Task<RallySnapshot> EndRally() => await Rally.End();

    public async Task<PollSnapshot> CreatePoll(CreatePollRequest call) => await Rally.AddPoll(call);

    public async Task<PollSnapshot> OpenPoll(PollCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.OpenPoll(call.PollId);
    }

    public async Task<PollSnapshot> ClosePoll(PollCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ClosePoll(call.PollId);
    }

    public async Task<PollSnapshot> GetPoll(PollCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await grains.GetGrain<IPollGrain>(PollKey.For(Context.RallyId(), Ids.Require(call.PollId, "poll"))).GetSnapshot();
    }

    public async Task<PinnedItem> Pin(PinRequest call) => await Rally.Pin(call);

    public async Task Unpin(UnpinCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        await Rally.Unpin(call.PinId);
    }

    public async Task<IReadOnlyList<SentimentBucket>> GetRecentSentiment() =>
        await grains.GetGrain<ICrowdSentimentGrain>(Context.RallyId()).GetRecent(TimeSpan.FromMinutes(10));

    public async Task<IReadOnlyList<NarrativeView>> GetNarratives() => await Narratives.GetNarratives();

    public async Task<NarrativeView> AcknowledgeNarrative(NarrativeCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Narratives.Acknowledge(Context.SubjectId(), call.NarrativeId);
    }

    public async Task<NarrativeView> AnswerNarrative(AnswerNarrativeCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.AnswerNarrative(Context.SubjectId(), call.NarrativeId, call.Response);
    }

    public async Task<NarrativeView> HandNarrativeToModerators(NarrativeCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Narratives.HandToModerators(Context.SubjectId(), call.NarrativeId);
    }

    public async Task<NarrativeView> DismissNarrative(NarrativeCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Narratives.Dismiss(Context.SubjectId(), call.NarrativeId);
    }

    /// <summary>Every question of the rally, pending and rejected ones included, most upvoted first.</summary>
    public async Task<IReadOnlyList<Question>> GetQuestions() => await Questions.GetQuestions(forModerators: true);

    /// <summary>Puts an approved question on screen for every viewer; the one shown before is answered.</summary>
    public async Task<Question> ShowQuestion(QuestionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Questions.Show(new QuestionActionRequest(Context.SubjectId(), Ids.Require(call.QuestionId, "question")));
    }

    /// <summary>Takes the shown question off screen (it is answered); null when none was shown.</summary>
    public async Task<Question?> ClearShownQuestion() => await Questions.ClearShown(Context.SubjectId());

    private IQuestionsGrain Questions => grains.GetGrain<IQuestionsGrain>(Context.RallyId());

    private IRallyGrain Rally => grains.GetGrain<IRallyGrain>(Context.RallyId());

    private ICounterNarrativeGrain Narratives => grains.GetGrain<ICounterNarrativeGrain>(Context.RallyId());
}
