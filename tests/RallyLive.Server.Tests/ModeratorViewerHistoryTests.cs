using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>A viewer's card in the moderator console (<c>GetViewerHistory</c>): their messages and what moderators did about them.</summary>
public sealed class ModeratorViewerHistoryTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task GetViewerHistory_ListsTheirMessagesAndTheActionsAboutThem_AndNobodyElses()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key);
        var (reedId, reed) = await JoinAsync(rally.RallyId, "Reed");
        var (solId, sol) = await JoinAsync(rally.RallyId, "Sol");
        await using var reedConnection = reed;
        await using var solConnection = sol;
        var first = await reed.SendChatAsync(new("stage", "First from Reed"));
        await reed.SendChatAsync(new("stage", "Second from Reed"));
        var fromSol = await sol.SendChatAsync(new("stage", "Hello from Sol"));
        await moderator.ActOnMessageAsync(new("stage", first.Id, MessageAction.Hide, "spam"));
        await moderator.ActOnMessageAsync(new("stage", fromSol.Id, MessageAction.Delete, null));
        await moderator.TimeOutAsync(new(reedId, 300, "flooding"));
        await moderator.BanAsync(new(solId, null));

        var history = await moderator.GetViewerHistoryAsync(new(reedId));

        Assert.Equal((reedId, "Reed", false), (history.ViewerId, history.DisplayName, history.Banned));
        Assert.NotNull(history.TimedOutUntil);
        Assert.Equal(["Second from Reed", "First from Reed"], history.Messages.Select(m => m.Text));
        Assert.Equal([ChatMessageState.Visible, ChatMessageState.Hidden], history.Messages.Select(m => m.State));
        Assert.Equal([AuditAction.TimeOutViewer, AuditAction.HideMessage], history.Actions.Select(a => a.Action));
        Assert.All(history.Actions, action => Assert.Equal(reedId, action.ViewerId));
        Assert.Equal("First from Reed", history.Actions[1].MessageText);
        Assert.True((await moderator.GetViewerHistoryAsync(new(solId))).Banned);
    }

    [Fact]
    public async Task GetViewerHistory_OfSomethingThatIsNotAViewerId_IsRefused()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key);

        var refused = await Assert.ThrowsAsync<HubException>(() => moderator.GetViewerHistoryAsync(new("stage:1")));

        Assert.Contains("InvalidRequest", refused.Message, StringComparison.Ordinal);
    }

    private async Task<(string ViewerId, ViewerHubClient Connection)> JoinAsync(string rallyId, string name)
    {
        var joined = await _server.Api.JoinAsync(rallyId, "stage", name);
        var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", name));
        return (joined.ViewerId, viewer);
    }
}
