using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains;
using RallyLive.Grains.Polls;
using RallyLive.Server.Api;
using RallyLive.Server.Auth;

namespace RallyLive.Server.Realtime;

/// <summary>A viewer's connection (<c>/hubs/viewer</c>): join streams, react, chat, vote, ask and upvote questions and report messages, in the rally of their token.</summary>
[Authorize(Policy = RallyPolicies.Viewer)]
public sealed class ViewerHub(IGrainFactory grains, RallyConnections connections, BarredAddresses barred, ThisNode node, RallySequences sequences,
    GrainCallBatcher<ReactRequest, ReactOutcome> reactions, GrainCallBatcher<VoteRequest, VoteOutcome> votes)
    : Hub<IViewerClient>
{
    /// <summary>
    /// A banned viewer's connection, or one from an address barred for flooding (<see cref="BarredAddresses"/>), closes
    /// at once; anyone else's joins the rally's viewers.
    /// </summary>
    public override async Task OnConnectedAsync()
    {
        var (rallyId, viewerId) = (Context.RallyId(), Context.SubjectId());
        connections.Opened(rallyId, RallyRole.Viewer, viewerId, Context);
        if (barred.IsBarred(Context.GetHttpContext()?.Connection.RemoteIpAddress, out _))
        {
            Context.Abort();
            return;
        }

        if ((await grains.GetGrain<IModerationGrain>(rallyId).GetPolicy()).BannedViewers.Contains(viewerId))
        {
            Context.Abort();
            return;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Realtime.Groups.Viewers(rallyId));
    }

    /// <summary>A viewer whose last connection on a stream closes leaves that stream's presence.</summary>
    public override async Task OnDisconnectedAsync(Exception? exception)
    {
        var viewerId = Context.SubjectId();
        foreach (var streamId in connections.Closed(Context.RallyId(), RallyRole.Viewer, viewerId, Context.ConnectionId))
        {
            await Stream(streamId).Leave(viewerId, node.Id);
        }
    }

    /// <summary>
    /// Joins (or, after a reconnect, rejoins) a stream and returns everything the viewer needs to show it. The
    /// sequence is read before any state, so the answer is never older than a frame the viewer already had.
    /// </summary>
    public async Task<ViewerCatchUp> JoinStream(JoinStreamCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (rallyId, streamId) = (Context.RallyId(), Ids.Require(call.StreamId, "stream"));
        var sequence = sequences.Current(rallyId);
        var rally = await grains.GetGrain<IRallyGrain>(rallyId).GetSnapshot();
        var stream = Stream(streamId);

        // Watching before joining: a renewal of this node's presence (PresenceRenewal) sent between the two then
        // holds the viewer rather than letting them go again.
        var viewerId = Context.SubjectId();
        var newlyWatching = connections.Watching(rallyId, RallyRole.Viewer, viewerId, Context.ConnectionId, streamId, call.DisplayName);
        try
        {
            await stream.Join(new JoinRequest(viewerId, call.DisplayName, Node: node.Id));
        }
        catch when (newlyWatching)
        {
            connections.StoppedWatching(rallyId, RallyRole.Viewer, viewerId, Context.ConnectionId, streamId);
            throw;
        }

        await Groups.AddToGroupAsync(Context.ConnectionId, Realtime.Groups.Stream(rallyId, streamId));
        var polls = new List<PollSnapshot>();
        foreach (var pollId in rally.PollIds)
        {
            polls.Add((await grains.GetGrain<IPollGrain>(PollKey.For(rallyId, pollId)).GetSnapshot()).ForViewers());
        }

        var questions = await Questions.GetQuestions(forModerators: false);
        return new ViewerCatchUp(sequence, PublicRally.Of(rally), await stream.GetSnapshot(forModerators: false), [.. polls], questions);
    }

    /// <summary>Stops watching a stream; the viewer leaves its presence unless another of their connections still watches it.</summary>
    public async Task LeaveStream(StreamCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (rallyId, streamId, viewerId) = (Context.RallyId(), Ids.Require(call.StreamId, "stream"), Context.SubjectId());
        await Groups.RemoveFromGroupAsync(Context.ConnectionId, Realtime.Groups.Stream(rallyId, streamId));
        if (!connections.StoppedWatching(rallyId, RallyRole.Viewer, viewerId, Context.ConnectionId, streamId))
        {
            await Stream(streamId).Leave(viewerId, node.Id);
        }
    }

    /// <summary>Counts a batch of taps; it reaches the stream grain together with this node's other viewers' batches.</summary>
    public async Task<ReactReceipt> React(ReactCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var streamId = Ids.Require(call.StreamId, "stream");
        var streamKey = StreamKey.For(Context.RallyId(), streamId);
        return await AsJoinedAsync(streamId, async _ => (await reactions.CallAsync(streamKey, new ReactRequest(Context.SubjectId(), call.Counts))).ReceiptOrThrow());
    }

    public async Task<ChatMessage> SendChat(SendChatCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var message = await AsJoinedAsync(Ids.Require(call.StreamId, "stream"), stream => stream.SendChat(new SendChatRequest(Context.SubjectId(), call.Text)).AsTask());
        return AsItsAuthorSeesIt(message);
    }

    /// <summary>
    /// A held message is told to its author as <see cref="HeldForReview"/>, whatever held it: naming the blocked term or
    /// the rule would help someone rewrite a message until it passes. Moderators see the real reason.
    /// </summary>
    private static ChatMessage AsItsAuthorSeesIt(ChatMessage message) =>
        message.State == ChatMessageState.Held ? message with { Reason = HeldForReview } : message;

    /// <summary>What the author of a held message is told.</summary>
    public const string HeldForReview = "held for review";

    /// <summary>Counts (or changes) the viewer's vote; it reaches the poll grain together with this node's other viewers' votes.</summary>
    public async Task<VoteReceipt> Vote(VoteCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return (await votes.CallAsync(PollKeyOf(call.PollId), new VoteRequest(Context.SubjectId(), call.OptionIndex))).ReceiptOrThrow();
    }

    /// <summary>The poll as viewers may see it: tallies only when its results are live or it has closed.</summary>
    public async Task<PollSnapshot> GetPoll(PollCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return (await Poll(call.PollId).GetSnapshot()).ForViewers();
    }

    /// <summary>
    /// Asks a question, as the viewer joined <see cref="AskQuestionCall.StreamId"/>: it waits for a moderator. The stream
    /// refuses a viewer who has not joined it, or is banned, or a rally that has ended, as it refuses their chat.
    /// </summary>
    public async Task<Question> AskQuestion(AskQuestionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        var (streamId, viewerId) = (Ids.Require(call.StreamId, "stream"), Context.SubjectId());
        var name = await AsJoinedAsync(streamId, stream => stream.GetJoinedViewerName(viewerId).AsTask());
        return (await Questions.Ask(new AskQuestionRequest(viewerId, name, streamId, call.Text))).ForViewers();
    }

    /// <summary>Upvotes an approved question, once per viewer: a second upvote of the same question changes nothing.</summary>
    public async Task<UpvoteReceipt> UpvoteQuestion(QuestionCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return await Questions.Upvote(new UpvoteQuestionRequest(Context.SubjectId(), Ids.Require(call.QuestionId, "question")));
    }

    /// <summary>The approved and shown questions, most upvoted first.</summary>
    public async Task<IReadOnlyList<Question>> GetQuestions() => await Questions.GetQuestions(forModerators: false);

    /// <summary>Reports a visible message of a stream the viewer joined, once per viewer and message; the stream checks both.</summary>
    public async Task ReportMessage(ReportMessageCall call)
    {
        ArgumentNullException.ThrowIfNull(call);
        await AsJoinedAsync(Ids.Require(call.StreamId, "stream"), async stream =>
        {
            await stream.Report(new ReportRequest(Context.SubjectId(), call.MessageId, call.Reason));
            return true;
        });
    }

    /// <summary>
    /// Makes a call of the viewer on a stream. A stream keeps presence in memory only, so it forgets the viewers this
    /// connection still watches it for when its grain moves to another node (the node holding it ended), until this
    /// node's next renewal (<see cref="PresenceRenewal"/>). Meanwhile the call fails
    /// <see cref="RallyErrorCode.ViewerNotJoined"/> before it has changed anything, and the viewer is joined again under
    /// the name they joined with and the call made once more. A connection that never joined the stream is refused.
    /// </summary>
    private async Task<T> AsJoinedAsync<T>(string streamId, Func<IStreamGrain, Task<T>> call)
    {
        var stream = Stream(streamId);
        try
        {
            return await call(stream);
        }
        catch (RallyException refused) when (refused.Code == RallyErrorCode.ViewerNotJoined
            && connections.DisplayNameWatching(Context.RallyId(), RallyRole.Viewer, Context.SubjectId(), Context.ConnectionId, streamId) is { } name)
        {
            await stream.Join(new JoinRequest(Context.SubjectId(), name, Node: node.Id));
            return await call(stream);
        }
    }

    private IQuestionsGrain Questions => grains.GetGrain<IQuestionsGrain>(Context.RallyId());

    private IStreamGrain Stream(string streamId) => grains.GetGrain<IStreamGrain>(StreamKey.For(Context.RallyId(), streamId));

    private IPollGrain Poll(string? pollId) => grains.GetGrain<IPollGrain>(PollKeyOf(pollId));

    private string PollKeyOf(string? pollId) => PollKey.For(Context.RallyId(), Ids.Require(pollId, "poll"));
}
