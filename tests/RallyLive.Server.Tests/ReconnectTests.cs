using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using RallyLive.Abstractions.Polls;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Realtime;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>Network drops and restarts: clients come back and catch up to the same state as everyone else.</summary>
public sealed class ReconnectTests : IDisposable
{
    private readonly ServerFolder _folder = new("rallylive-reconnect-");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task LongDrop_ViewerCatchesUpToExactlyWhatAFreshViewerSees()
    {
        await using var server = new LiveServer();
        await server.InitializeAsync();
        var rally = await server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var pollId = (await organiser.CreatePollAsync(new("Should smile technology follow a public ethical standard?", ["Yes", "No"], ResultsVisibility.Live))).PollId;
        await organiser.OpenPollAsync(new(pollId));
        var dropped = await server.Api.JoinAsync(rally.RallyId, "stage", "Reed");
        long seenBeforeTheDrop;
        await using (var before = await ViewerHubClient.ConnectAsync(server.BaseUrl, dropped.ViewerToken))
        {
            seenBeforeTheDrop = (await before.JoinStreamAsync(new("stage", "Reed"))).Sequence;
        }

        // While the viewer is away: more chat than a catch-up carries, votes, a new segment and a pinned answer.
        var crowd = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            var joined = await server.Api.JoinAsync(rally.RallyId, "stage", $"Voice {i}");
            var hub = await ViewerHubClient.ConnectAsync(server.BaseUrl, joined.ViewerToken);
            await hub.JoinStreamAsync(new("stage", $"Voice {i}"));
            return hub;
        }));
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(crowd.Select((hub, i) => hub.SendChatAsync(new("stage", $"round {round} from voice {i}"))));
        }

        await Task.WhenAll(crowd.Select((hub, i) => hub.VoteAsync(new(pollId, i % 3 == 0 ? 1 : 0))));
        await organiser.NextSegmentAsync();
        await organiser.PinAsync(new("The standard will be public.", PinKind.Announcement));

        await using var back = await ViewerHubClient.ConnectAsync(server.BaseUrl, dropped.ViewerToken);
        var caughtUp = await back.JoinStreamAsync(new("stage", "Reed"));
        var newcomer = await server.Api.JoinAsync(rally.RallyId, "stage", "Newcomer");
        await using var fresh = await ViewerHubClient.ConnectAsync(server.BaseUrl, newcomer.ViewerToken);
        var freshState = await fresh.JoinStreamAsync(new("stage", "Newcomer"));
        await Task.WhenAll(crowd.Select(hub => hub.DisposeAsync().AsTask()));

        Assert.True(caughtUp.Sequence > seenBeforeTheDrop);
        Assert.Equal(Shared(freshState), Shared(caughtUp));
        Assert.Equal("An ethical standard", caughtUp.Rally.CurrentSegment);
        Assert.Equal<int>([16, 9], caughtUp.Polls[0].Tallies);
    }

    [Fact]
    public async Task ReconnectStorm_AfterAKillAndRestart_EveryClientComesBackAndCatchesUp()
    {
        const int clients = 300;
        var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
        var (dataFile, keys) = (_folder.DataFile, _folder.Keys);
        var server = await ServerProcess.StartAsync(dataFile, keys, url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var api = new ApiClient(http);
            var rally = await api.CreateRallyAsync();
            await using (var organiser = await OrganiserHubClient.ConnectAsync(url, rally.OrganiserKey))
            {
                await organiser.GoLiveAsync();
            }

            var tokens = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => api.JoinAsync(rally.RallyId, "stage", $"Viewer {i}")));
            var connections = await Task.WhenAll(tokens.Select(t => ViewerHubClient.ConnectAsync(url, t.ViewerToken)));
            await Task.WhenAll(connections.Select((c, i) => c.JoinStreamAsync(new("stage", $"Viewer {i}"))));

            await server.KillAsync();
            await Task.WhenAll(connections.Select(c => c.Closed.WaitAsync(TimeSpan.FromSeconds(30))));
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
            await server.DisposeAsync();
            var storm = tokens.Select((t, i) => ReconnectAsync(url, t.ViewerToken, $"Viewer {i}", new Random(i))).ToList();
            server = await ServerProcess.StartAsync(dataFile, keys, url);
            var states = await Task.WhenAll(storm).WaitAsync(TimeSpan.FromSeconds(90));

            Assert.All(states, state => Assert.Equal(RallyStatus.Live, state.Rally.Status));
            Assert.Equal(clients, states.Length);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    /// <summary>
    /// What a client does after its connection dropped: waits a random share of a second, then tries again with
    /// doubling waits (capped at 2 s, each jittered) until the server answers, and catches up.
    /// </summary>
    private static async Task<ViewerCatchUp> ReconnectAsync(string baseUrl, string token, string displayName, Random jitter)
    {
        var wait = TimeSpan.FromMilliseconds(100 + jitter.Next(900));
        while (true)
        {
            await Task.Delay(wait);
            try
            {
                await using var hub = await ViewerHubClient.ConnectAsync(baseUrl, token);
                return await hub.JoinStreamAsync(new("stage", displayName));
            }
            catch (Exception exception) when (exception is HttpRequestException or WebSocketException or IOException or HubException or OperationCanceledException or InvalidOperationException)
            {
                wait = TimeSpan.FromMilliseconds(Math.Min(2_000, wait.TotalMilliseconds * 2) * (0.5 + jitter.NextDouble() / 2));
            }
        }
    }

    /// <summary>What every viewer of the stream must see alike: the rally, the polls, the chat, the reactions.</summary>
    private static string Shared(ViewerCatchUp catchUp) => JsonSerializer.Serialize(new
    {
        catchUp.Rally,
        catchUp.Polls,
        chat = catchUp.Stream.RecentChat,
        reactions = catchUp.Stream.ReactionTotals,
    }, ApiClient.Json);
}
