using Microsoft.AspNetCore.SignalR.Client;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Questions;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests.Hubs;

/// <summary>A moderator on <c>/hubs/moderator</c>: one method per <see cref="ModeratorHub"/> method, one handler per <see cref="IModeratorClient"/> message.</summary>
public sealed class ModeratorHubClient(HubConnection connection) : TypedHubClient(connection)
{
    public static async Task<ModeratorHubClient> ConnectAsync(string baseUrl, string moderatorKey, CancellationToken cancellationToken = default) =>
        new(await StartAsync(baseUrl, "moderator", moderatorKey, cancellationToken: cancellationToken));

    public Task<ModeratorConsole> GetConsoleAsync() => Connection.InvokeAsync<ModeratorConsole>(nameof(ModeratorHub.GetConsole));

    public Task<ChatMessage> ActOnMessageAsync(MessageActionCall call) => Connection.InvokeAsync<ChatMessage>(nameof(ModeratorHub.ActOnMessage), call);

    public Task<ChatPolicy> SetChatModesAsync(ChatModesCall call) => Connection.InvokeAsync<ChatPolicy>(nameof(ModeratorHub.SetChatModes), call);

    public Task<ChatPolicy> AddBlockedTermAsync(BlockedTermCall call) => Connection.InvokeAsync<ChatPolicy>(nameof(ModeratorHub.AddBlockedTerm), call);

    public Task<ChatPolicy> RemoveBlockedTermAsync(BlockedTermCall call) => Connection.InvokeAsync<ChatPolicy>(nameof(ModeratorHub.RemoveBlockedTerm), call);

    public Task<ChatPolicy> TimeOutAsync(TimeOutCall call) => Connection.InvokeAsync<ChatPolicy>(nameof(ModeratorHub.TimeOut), call);

    public Task<ChatPolicy> BanAsync(BanCall call) => Connection.InvokeAsync<ChatPolicy>(nameof(ModeratorHub.Ban), call);

    public Task<ChatPolicy> UnbanAsync(UnbanCall call) => Connection.InvokeAsync<ChatPolicy>(nameof(ModeratorHub.Unban), call);

    public Task<Question> ApproveQuestionAsync(QuestionCall call) => Connection.InvokeAsync<Question>(nameof(ModeratorHub.ApproveQuestion), call);

    public Task<Question> RejectQuestionAsync(QuestionCall call) => Connection.InvokeAsync<Question>(nameof(ModeratorHub.RejectQuestion), call);

    public IDisposable OnQuestionsChanged(Action<long, QuestionsDelta> handler) => Connection.On(nameof(IModeratorClient.QuestionsChanged), handler);
    public Task<ViewerHistory> GetViewerHistoryAsync(ViewerHistoryCall call) => Connection.InvokeAsync<ViewerHistory>(nameof(ModeratorHub.GetViewerHistory), call);

    public IDisposable OnChatMessage(Action<long, ChatMessage> handler) => Connection.On(nameof(IModeratorClient.ChatMessage), handler);

    public IDisposable OnChatMessageChanged(Action<long, ChatMessage> handler) => Connection.On(nameof(IModeratorClient.ChatMessageChanged), handler);

    public IDisposable OnModerationChanged(Action<long, ModerationDelta> handler) => Connection.On(nameof(IModeratorClient.ModerationChanged), handler);
}
