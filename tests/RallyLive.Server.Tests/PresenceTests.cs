using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>A stream's viewers are the people watching it now: a closed connection leaves, a second tab keeps them there.</summary>
public sealed class PresenceTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AViewerWhoseConnectionCloses_LeavesTheStreamsViewerCount()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var watcher = await _server.Api.JoinAsync(rally.RallyId, "stage", "Watcher");
        await using var watching = await ViewerHubClient.ConnectAsync(_server.BaseUrl, watcher.ViewerToken);
        var counts = new ViewerCounts(watching);
        await watching.JoinStreamAsync(new("stage", "Watcher"));
        var leaver = await _server.Api.JoinAsync(rally.RallyId, "stage", "Leaver");
        var leaving = await ViewerHubClient.ConnectAsync(_server.BaseUrl, leaver.ViewerToken);
        await leaving.JoinStreamAsync(new("stage", "Leaver"));
        await counts.Reached(2);

        await leaving.DisposeAsync();

        await counts.Reached(1);
    }

    /// <summary>
    /// A stream keeps presence in memory: in a cluster it forgets its viewers when its grain moves to another node (the
    /// one holding it ended), until each node renews its hold. Here it is told this node let the viewer go while their
    /// connection still watches it, so that it forgets them.
    /// </summary>
    [Fact]
    public async Task AStreamThatForgotAViewerStillWatchingIt_TakesTheirCallsAnyway_AndCountsThemAgain()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var joined = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", "Ana"));
        var elsewhere = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ben");
        await using var notWatching = await ViewerHubClient.ConnectAsync(_server.BaseUrl, elsewhere.ViewerToken);
        var stream = _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamGrain>(StreamKey.For(rally.RallyId, "stage"));
        var node = _server.Services.GetRequiredService<Realtime.ThisNode>().Id;

        await stream.Leave(joined.ViewerId, node);
        await stream.Leave(elsewhere.ViewerId, node);
        var forgotten = (await stream.GetSnapshot(forModerators: false)).Viewers;
        var message = await viewer.SendChatAsync(new("stage", "still here"));
        var reacted = await viewer.ReactAsync(new("stage", System.Collections.Immutable.ImmutableDictionary<string, int>.Empty.Add("cheer", 1)));
        var refused = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => notWatching.SendChatAsync(new("stage", "never joined here")));

        Assert.Equal(0, forgotten);
        Assert.Equal("Ana", message.DisplayName);
        Assert.Equal(1, reacted.Accepted);
        Assert.Equal(1, (await stream.GetSnapshot(forModerators: false)).Viewers);
        Assert.Equal("ViewerNotJoined", TypedHubClient.CodeOf(refused));
    }

    [Fact]
    public async Task AConnectionWhoseJoinWasRefused_DoesNotWatchTheStream_SoItsCallsAreRefusedNotJoined()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var joined = await _server.Api.JoinAsync(rally.RallyId, "darien-live", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);

        var badName = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => viewer.JoinStreamAsync(new("stage", "\u200b ")));
        var chat = await Assert.ThrowsAsync<Microsoft.AspNetCore.SignalR.HubException>(() => viewer.SendChatAsync(new("stage", "am I in?")));

        Assert.Equal("TextEmpty", TypedHubClient.CodeOf(badName));
        Assert.Equal("ViewerNotJoined", TypedHubClient.CodeOf(chat));
    }

    [Fact]
    public async Task JoinsOverHttp_NotFollowedByAConnection_LeaveTheViewerCountWithinSeconds()
    {
        await using var server = new ServerFactory();
        var api = new ApiClient(server.CreateClient());
        var rally = await api.CreateRallyAsync();
        for (var i = 0; i < 20; i++)
        {
            await api.JoinAsync(rally.RallyId, "stage", $"Anonymous {i}");
        }

        var stream = server.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamGrain>(StreamKey.For(rally.RallyId, "stage"));
        var joined = (await stream.GetSnapshot(forModerators: false)).Viewers;
        await server.Time.AdvanceAsync(TimeSpan.FromSeconds(16));
        var later = (await stream.GetSnapshot(forModerators: false)).Viewers;

        Assert.Equal(20, joined);
        Assert.Equal(0, later);
    }
}
