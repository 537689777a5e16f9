using Microsoft.AspNetCore.SignalR.Client;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Api;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests.Hubs;

/// <summary>A viewer on <c>/hubs/viewer</c>: one method per <see cref="ViewerHub"/> method, one handler per <see cref="IViewerClient"/> message.</summary>
public sealed class ViewerHubClient(HubConnection connection) : TypedHubClient(connection)
{
    public static async Task<ViewerHubClient> ConnectAsync(string baseUrl, string viewerToken, CancellationToken cancellationToken = default) =>
        new(await StartAsync(baseUrl, "viewer", viewerToken, cancellationToken: cancellationToken));

    /// <summary>Connects as a client at <paramref name="clientAddress"/> behind a trusted proxy.</summary>
    public static async Task<ViewerHubClient> ConnectAsync(string baseUrl, string viewerToken, string clientAddress) =>
        new(await StartAsync(baseUrl, "viewer", viewerToken, forwardedFor: clientAddress));

    public Task<ViewerCatchUp> JoinStreamAsync(JoinStreamCall call) => Connection.InvokeAsync<ViewerCatchUp>(nameof(ViewerHub.JoinStream), call);

    public Task LeaveStreamAsync(StreamCall call) => Connection.InvokeAsync(nameof(ViewerHub.LeaveStream), call);

    public Task<ReactReceipt> ReactAsync(ReactCall call) => Connection.InvokeAsync<ReactReceipt>(nameof(ViewerHub.React), call);

    public Task<ChatMessage> SendChatAsync(SendChatCall call) => Connection.InvokeAsync<ChatMessage>(nameof(ViewerHub.SendChat), call);

    public Task<VoteReceipt> VoteAsync(VoteCall call) => Connection.InvokeAsync<VoteReceipt>(nameof(ViewerHub.Vote), call);

    public Task<PollSnapshot> GetPollAsync(PollCall call) => Connection.InvokeAsync<PollSnapshot>(nameof(ViewerHub.GetPoll), call);

    public Task ReportMessageAsync(ReportMessageCall call) => Connection.InvokeAsync(nameof(ViewerHub.ReportMessage), call);

    public Task<Question> AskQuestionAsync(AskQuestionCall call) => Connection.InvokeAsync<Question>(nameof(ViewerHub.AskQuestion), call);

    public Task<UpvoteReceipt> UpvoteQuestionAsync(QuestionCall call) => Connection.InvokeAsync<UpvoteReceipt>(nameof(ViewerHub.UpvoteQuestion), call);

    public Task<IReadOnlyList<Question>> GetQuestionsAsync() => Connection.InvokeAsync<IReadOnlyList<Question>>(nameof(ViewerHub.GetQuestions));

    public IDisposable OnReactionBurst(Action<long, StreamFrame> handler) => Connection.On(nameof(IViewerClient.ReactionBurst), handler);

    public IDisposable OnChatMessage(Action<long, ChatMessage> handler) => Connection.On(nameof(IViewerClient.ChatMessage), handler);

    public IDisposable OnChatMessageRemoved(Action<long, string> handler) => Connection.On(nameof(IViewerClient.ChatMessageRemoved), handler);

    public IDisposable OnRallyUpdated(Action<long, PublicRally> handler) => Connection.On(nameof(IViewerClient.RallyUpdated), handler);

    public IDisposable OnPollUpdated(Action<long, PollSnapshot> handler) => Connection.On(nameof(IViewerClient.PollUpdated), handler);

    public IDisposable OnQuestionsChanged(Action<long, QuestionsDelta> handler) => Connection.On(nameof(IViewerClient.QuestionsChanged), handler);
}
