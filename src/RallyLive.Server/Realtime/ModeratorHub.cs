using System.Collections.Immutable;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains;

namespace RallyLive.Server.Realtime;

/// <summary>A moderator's console connection (<c>/hubs/moderator</c>): every message, the flagged queue, chat rules and actions, viewers' questions to approve or reject.</summary>
[Authorize(Policy = RallyPolicies.Moderator)]
public sealed class ModeratorHub(IGrainFactory grains, RallySequences sequences, TimeProvider time) : Hub<IModeratorClient>
{
    /// <summary>How many of a viewer's messages and moderation actions their card gets, at most.</summary>
    private const int ViewerHistoryMessages = 50;

    private const int ViewerHistoryActions = 50;

    public override async Task OnConnectedAsync() =>
        await Groups.AddToGroupAsync(Context.ConnectionId, Realtime.Groups.Moderators(Context.RallyId()));

    /// <summary>The whole console as of the returned sequence or later; call it on (re)connect.</summary>
    public async Task<ModeratorConsole> GetConsole()
    {
        var sequence = sequences.Current(Context.RallyId());
        var rally = await Rally.GetSnapshot();
        var streams = new List<StreamSnapshot>();
        foreach (var stream in rally.Streams)
        {
            streams.Add(await grains.GetGrain<IStreamGrain>(StreamKey.For(rally.RallyId, stream.Id)).GetSnapshot(forModerators: true));
        }

        return new ModeratorConsole(sequence, await Moderation.GetSnapshot(), [.. streams], await Questions.GetQuestions(forModerators: true));
    }

    public async Task<ChatMessage> ActOnMessage(MessageActionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var streamId = Ids.Require(call.StreamId, "stream");
        return await grains.GetGrain<IStreamGrain>(StreamKey.For(Context.RallyId(), streamId))
            .ActOnMessage(new MessageActionRequest(Context.SubjectId(), streamId, call.MessageId, call.Action, call.Reason));
    }

    public async Task<ChatPolicy> SetChatModes(ChatModesCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ChangeChatPolicy(new SetChatModes(Context.SubjectId(), call.SlowModeSeconds, call.HoldForReview, call.ShieldMode));
    }

    public async Task<ChatPolicy> AddBlockedTerm(BlockedTermCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ChangeChatPolicy(new AddBlockedTerm(Context.SubjectId(), call.Term));
    }

    public async Task<ChatPolicy> RemoveBlockedTerm(BlockedTermCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ChangeChatPolicy(new RemoveBlockedTerm(Context.SubjectId(), call.Term));
    }

    public async Task<ChatPolicy> TimeOut(TimeOutCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ChangeChatPolicy(new TimeOutViewer(Context.SubjectId(), call.ViewerId, TimeSpan.FromSeconds(call.Seconds), call.Reason));
    }

    public async Task<ChatPolicy> Ban(BanCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ChangeChatPolicy(new BanViewer(Context.SubjectId(), call.ViewerId, call.Reason));
    }

    public async Task<ChatPolicy> Unban(UnbanCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Rally.ChangeChatPolicy(new UnbanViewer(Context.SubjectId(), call.ViewerId));
    }

    /// <summary>Lets a pending question through to viewers.</summary>
    public async Task<Question> ApproveQuestion(QuestionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Questions.Approve(new QuestionActionRequest(Context.SubjectId(), Ids.Require(call.QuestionId, "question")));
    }

    /// <summary>Turns a pending or approved question down; viewers no longer see it.</summary>
    public async Task<Question> RejectQuestion(QuestionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Questions.Reject(new QuestionActionRequest(Context.SubjectId(), Ids.Require(call.QuestionId, "question")));
    }

    private IQuestionsGrain Questions => grains.GetGrain<IQuestionsGrain>(Context.RallyId());

    /// <summary>
    /// A viewer's card: their messages among the recent chat of the rally's streams, and the moderation actions about
    /// them from the audit log.
    /// </summary>
    public async Task<ViewerHistory> GetViewerHistory(ViewerHistoryCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var viewerId = Ids.RequireViewer(call.ViewerId);
        var rally = await Rally.GetSnapshot();
        var messages = new List<ChatMessage>();
        foreach (var stream in rally.Streams)
        {
            var snapshot = await grains.GetGrain<IStreamGrain>(StreamKey.For(rally.RallyId, stream.Id)).GetSnapshot(forModerators: true);
            messages.AddRange(snapshot.RecentChat.Where(message => message.ViewerId == viewerId));
        }

        var actions = await Moderation.GetActionsAbout(viewerId, scanned: int.MaxValue, limit: ViewerHistoryActions);
        var policy = await Moderation.GetPolicy();
        var newest = messages.OrderByDescending(message => message.At).ThenByDescending(message => message.Sequence).Take(ViewerHistoryMessages).ToImmutableArray();
        return new ViewerHistory(viewerId, newest.FirstOrDefault()?.DisplayName ?? actions.FirstOrDefault(a => a.ViewerName is not null)?.ViewerName,
            newest, [.. actions], policy.BannedViewers.Contains(viewerId),
            policy.TimedOutUntil.TryGetValue(viewerId, out var until) && until > time.GetUtcNow() ? until : null);
    }

    private IRallyGrain Rally => grains.GetGrain<IRallyGrain>(Context.RallyId());

    private IModerationGrain Moderation => grains.GetGrain<IModerationGrain>(Context.RallyId());
}
