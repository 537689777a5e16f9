using System.Collections.Immutable;
using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Streams;
using RallyLive.Server.Realtime;
using RallyLive.Server.Tests.Hubs;
using RallyLive.Simulator.Protocol;

namespace RallyLive.Server.Tests;

/// <summary>
/// The server's hubs through the official .NET SignalR client on a real socket: typed calls, refusals with their codes,
/// refused connections, a connection the server closes; and the simulator's typed connections over the same client.
/// </summary>
public sealed class HubClientsTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Viewer_JoinsReactsAndChats_AndAnotherViewerReceivesTheFrames()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var bo = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        await using var first = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);
        await using var second = await ViewerHubClient.ConnectAsync(_server.BaseUrl, bo.ViewerToken);
        var burst = new TaskCompletionSource<(long Sequence, StreamFrame Frame)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var chat = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.OnReactionBurst((sequence, frame) =>
        {
            // Bo's own join can make a frame of its own (the viewer count changed) before Ana's taps reach a tick.
            if (frame.Reactions.ContainsKey("love"))
            {
                burst.TrySetResult((sequence, frame));
            }
        });
        second.OnChatMessage((_, message) => chat.TrySetResult(message));

        var joined = await first.JoinStreamAsync(new("stage", "Ana"));
        await second.JoinStreamAsync(new("stage", "Bo"));
        var reacted = await first.ReactAsync(new("stage", new Dictionary<string, int> { ["love"] = 4 }.ToImmutableDictionary()));
        await first.SendChatAsync(new("stage", "Smiles for everyone — 😀 ñ ü"));
        var (sequence, frame) = await burst.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var message = await chat.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("stage", joined.Stream.Setup.StreamId);
        Assert.Equal(4, reacted.Accepted);
        Assert.Equal(4, frame.Reactions["love"]);
        Assert.True(sequence > 0);
        Assert.Equal("Smiles for everyone — 😀 ñ ü", message.Text);
    }

    [Fact]
    public async Task RefusedCall_FailsWithTheServersCodeAndMessage_AndTheConnectionCarriesOn()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);

        var refused = await Assert.ThrowsAsync<HubException>(() => viewer.VoteAsync(new("poll9", 0)));
        var joined = await viewer.JoinStreamAsync(new("stage", "Ana"));

        Assert.Equal("PollNotFound", TypedHubClient.CodeOf(refused));
        Assert.EndsWith($"HubException: PollNotFound: There is no poll {rally.RallyId}/poll9.", refused.Message, StringComparison.Ordinal);
        Assert.True(joined.Sequence >= 0);
    }

    [Fact]
    public async Task Connect_WithATokenOfTheWrongRole_IsRefusedWith403()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => OrganiserHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken));

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
    }

    [Fact]
    public async Task ReactionReceipt_SaysPlainlyItIsNotDurable_WhileChatAndVotesAreStoredBeforeTheirAnswer()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", "Ana"));

        var receipt = await Microsoft.AspNetCore.SignalR.Client.HubConnectionExtensions.InvokeAsync<System.Text.Json.JsonElement>(viewer.Connection, nameof(ViewerHub.React), new ReactCall("stage", ImmutableDictionary<string, int>.Empty.Add("cheer", 3)));

        Assert.Equal(3, receipt.GetProperty("accepted").GetInt32());
        Assert.False(receipt.GetProperty("durable").GetBoolean());
    }

    [Fact]
    public async Task AMessageOverTheLimit_ClosesThatConnectionWithTheServersError_AndPendingCallsFail()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);

        var call = viewer.SendChatAsync(new("stage", new string('x', (int)new RealtimeOptions().MaximumReceiveMessageSize)));
        var closedWith = await viewer.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("The server closed the connection with the following error: Connection closed with an error.", Assert.IsType<HubException>(closedWith).Message);
        await Assert.ThrowsAnyAsync<Exception>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task SimulatorConnections_CallTheHubs_AndARefusalCarriesTheServersCode()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var server = new Uri(_server.BaseUrl);
        await using var organiser = await OrganiserConnection.ConnectAsync(server, rally.OrganiserKey);
        await using var viewer = await ViewerConnection.ConnectAsync(server, new JoinedViewer(ana.ViewerId, ana.ViewerToken));

        var live = await organiser.GoLiveAsync();
        var poll = await organiser.OpenPollAsync((await organiser.CreatePollAsync("Standards now?", ["Yes", "No"])).PollId);
        var sequence = await viewer.JoinStreamAsync("stage", "Ana");
        viewer.Taps.Add("cheer", 3);
        var tapsCounted = await viewer.SendTapsAsync("stage");
        var chat = await viewer.ChatAsync("stage", "Standards for everyone");
        var voted = await viewer.VoteAsync(poll.PollId, 1);
        var refused = await Assert.ThrowsAsync<HubCallException>(() => viewer.VoteAsync("poll9", 0));
        var tallies = (await organiser.GetPollAsync(poll.PollId)).Tallies;
        await viewer.LeaveStreamAsync("stage");
        var closed = await organiser.ClosePollAsync(poll.PollId);

        Assert.Equal("Live", live.Status);
        Assert.Equal("Open", poll.Status);
        Assert.True(sequence >= 0);
        Assert.Equal(3, tapsCounted);
        Assert.Equal("Visible", chat.State);
        Assert.Equal(1, voted);
        Assert.Equal([0, 1], tallies);
        Assert.Equal("Closed", closed.Status);
        Assert.Equal("Vote", refused.Method);
        Assert.Equal("PollNotFound", refused.Code);
        Assert.Equal($"Vote was refused: PollNotFound: There is no poll {rally.RallyId}/poll9.", refused.Message);
    }

    [Fact]
    public async Task SimulatorConnection_ToAServerThatRefusesTheToken_IsServerUnavailable()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");

        var refused = await Assert.ThrowsAsync<ServerUnavailableException>(() => OrganiserConnection.ConnectAsync(new Uri(_server.BaseUrl), ana.ViewerToken));

        Assert.Contains("/hubs/organiser did not accept the connection", refused.Message, StringComparison.Ordinal);
        Assert.Contains("403", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatorConnection_ClosedByTheServer_CompletesClosedWithTheServersError()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerConnection.ConnectAsync(new Uri(_server.BaseUrl), new JoinedViewer(ana.ViewerId, ana.ViewerToken));

        var call = viewer.ChatAsync("stage", new string('x', (int)new RealtimeOptions().MaximumReceiveMessageSize));
        var closedWith = await viewer.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("The server closed the connection with the following error: Connection closed with an error.", closedWith);
        var failed = await Assert.ThrowsAsync<HubCallException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(failed.Code);
    }

    [Fact]
    public void TypedClients_CoverEveryHubMethodAndClientMessage()
    {
        Assert.Equal(Methods(typeof(ViewerHub)).Select(m => m + "Async"), Methods(typeof(ViewerHubClient)).Where(m => m.EndsWith("Async", StringComparison.Ordinal) && m != "ConnectAsync"));
        Assert.Equal(Methods(typeof(OrganiserHub)).Select(m => m + "Async"), Methods(typeof(OrganiserHubClient)).Where(m => m.EndsWith("Async", StringComparison.Ordinal) && m != "ConnectAsync"));
        Assert.Equal(Methods(typeof(ModeratorHub)).Select(m => m + "Async"), Methods(typeof(ModeratorHubClient)).Where(m => m.EndsWith("Async", StringComparison.Ordinal) && m != "ConnectAsync"));
        Assert.Equal(Methods(typeof(IViewerClient)).Select(m => "On" + m), Methods(typeof(ViewerHubClient)).Where(m => m.StartsWith("On", StringComparison.Ordinal)));
        Assert.Equal(Methods(typeof(IOrganiserClient)).Select(m => "On" + m), Methods(typeof(OrganiserHubClient)).Where(m => m.StartsWith("On", StringComparison.Ordinal)));
        Assert.Equal(Methods(typeof(IModeratorClient)).Select(m => "On" + m), Methods(typeof(ModeratorHubClient)).Where(m => m.StartsWith("On", StringComparison.Ordinal)));
    }

    /// <summary>The public methods a type declares itself (not those of Hub or object, nor the lifetime overrides), by name.</summary>
    private static IEnumerable<string> Methods(Type type) => type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly)
        .Where(m => !m.IsSpecialName && m.Name is not ("OnConnectedAsync" or "OnDisconnectedAsync"))
        .Select(m => m.Name)
        .Order(StringComparer.Ordinal);
}
