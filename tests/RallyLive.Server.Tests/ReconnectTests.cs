using System.Text.Json;
using Microsoft.Data.Sqlite;
using RallyLive.Simulator.Protocol;

namespace RallyLive.Server.Tests;

/// <summary>Network drops and restarts: clients come back and catch up to the same state as everyone else.</summary>
public sealed class ReconnectTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rallylive-reconnect-").FullName;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task LongDrop_ViewerCatchesUpToExactlyWhatAFreshViewerSees()
    {
        await using var server = new LiveServer();
        await server.InitializeAsync();
        var rally = await server.Api.CreateRallyAsync();
        await using var organiser = await ConnectAsync(server.BaseUrl, "organiser", rally.OrganiserKey);
        await organiser.InvokeAsync("GoLive", null);
        var pollId = (await organiser.InvokeAsync("CreatePoll", new { question = "Should smile technology follow a public ethical standard?", options = new[] { "Yes", "No" }, visibility = "Live" }))
            .GetProperty("pollId").GetString()!;
        await organiser.InvokeAsync("OpenPoll", new { pollId });
        var dropped = await server.Api.JoinAsync(rally.RallyId, "stage", "Reed");
        long seenBeforeTheDrop;
        await using (var before = await ConnectAsync(server.BaseUrl, "viewer", dropped.ViewerToken))
        {
            seenBeforeTheDrop = (await before.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Reed" })).GetProperty("sequence").GetInt64();
        }

        // While the viewer is away: more chat than a catch-up carries, votes, a new segment and a pinned answer.
        var crowd = await Task.WhenAll(Enumerable.Range(0, 25).Select(async i =>
        {
            var joined = await server.Api.JoinAsync(rally.RallyId, "stage", $"Voice {i}");
            var hub = await ConnectAsync(server.BaseUrl, "viewer", joined.ViewerToken);
            await hub.InvokeAsync("JoinStream", new { streamId = "stage", displayName = $"Voice {i}" });
            return hub;
        }));
        for (var round = 0; round < 3; round++)
        {
            await Task.WhenAll(crowd.Select((hub, i) => hub.InvokeAsync("SendChat", new { streamId = "stage", text = $"round {round} from voice {i}" })));
        }

        await Task.WhenAll(crowd.Select((hub, i) => hub.InvokeAsync("Vote", new { pollId, optionIndex = i % 3 == 0 ? 1 : 0 })));
        await organiser.InvokeAsync("NextSegment", null);
        await organiser.InvokeAsync("Pin", new { text = "The standard will be public.", kind = "Announcement" });

        await using var back = await ConnectAsync(server.BaseUrl, "viewer", dropped.ViewerToken);
        var caughtUp = await back.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Reed" });
        var newcomer = await server.Api.JoinAsync(rally.RallyId, "stage", "Newcomer");
        await using var fresh = await ConnectAsync(server.BaseUrl, "viewer", newcomer.ViewerToken);
        var freshState = await fresh.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Newcomer" });
        await Task.WhenAll(crowd.Select(hub => hub.DisposeAsync().AsTask()));

        Assert.True(caughtUp.GetProperty("sequence").GetInt64() > seenBeforeTheDrop);
        Assert.Equal(Shared(freshState), Shared(caughtUp));
        Assert.Equal("An ethical standard", caughtUp.GetProperty("rally").GetProperty("currentSegment").GetString());
        Assert.Equal([16, 9], caughtUp.GetProperty("polls")[0].GetProperty("tallies").EnumerateArray().Select(t => t.GetInt32()));
    }

    [Fact]
    public async Task ReconnectStorm_AfterAKillAndRestart_EveryClientComesBackAndCatchesUp()
    {
        const int clients = 300;
        var url = $"http://127.0.0.1:{ServerProcess.FreePort()}";
        var dataFile = Path.Combine(_directory, "rallylive.db");
        var keys = Path.Combine(_directory, "keys");
        var server = await ServerProcess.StartAsync(dataFile, keys, url);
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var api = new ApiClient(http);
            var rally = await api.CreateRallyAsync();
            await using (var organiser = await ConnectAsync(url, "organiser", rally.OrganiserKey))
            {
                await organiser.InvokeAsync("GoLive", null);
            }

            var tokens = await Task.WhenAll(Enumerable.Range(0, clients).Select(i => api.JoinAsync(rally.RallyId, "stage", $"Viewer {i}")));
            var connections = await Task.WhenAll(tokens.Select(t => ConnectAsync(url, "viewer", t.ViewerToken)));
            await Task.WhenAll(connections.Select((c, i) => c.InvokeAsync("JoinStream", new { streamId = "stage", displayName = $"Viewer {i}" })));

            await server.KillAsync();
            await Task.WhenAll(connections.Select(c => c.Closed.WaitAsync(TimeSpan.FromSeconds(30))));
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
            await server.DisposeAsync();
            var storm = tokens.Select((t, i) => ReconnectAsync(url, t.ViewerToken, $"Viewer {i}", new Random(i))).ToList();
            server = await ServerProcess.StartAsync(dataFile, keys, url);
            var states = await Task.WhenAll(storm).WaitAsync(TimeSpan.FromSeconds(90));

            Assert.All(states, state => Assert.Equal("Live", state.GetProperty("rally").GetProperty("status").GetString()));
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
    private static async Task<JsonElement> ReconnectAsync(string baseUrl, string token, string displayName, Random jitter)
    {
        var wait = TimeSpan.FromMilliseconds(100 + jitter.Next(900));
        while (true)
        {
            await Task.Delay(wait);
            try
            {
                await using var hub = await ConnectAsync(baseUrl, "viewer", token);
                return await hub.InvokeAsync("JoinStream", new { streamId = "stage", displayName });
            }
            catch (Exception exception) when (exception is HubCallException or System.Net.WebSockets.WebSocketException or HttpRequestException)
            {
                wait = TimeSpan.FromMilliseconds(Math.Min(2_000, wait.TotalMilliseconds * 2) * (0.5 + jitter.NextDouble() / 2));
            }
        }
    }

    /// <summary>What every viewer of the stream must see alike: the rally, the polls, the chat, the reactions.</summary>
    private static string Shared(JsonElement catchUp) => JsonSerializer.Serialize(new
    {
        rally = catchUp.GetProperty("rally"),
        polls = catchUp.GetProperty("polls"),
        chat = catchUp.GetProperty("stream").GetProperty("recentChat"),
        reactions = catchUp.GetProperty("stream").GetProperty("reactionTotals"),
    });

    private static Task<HubClient> ConnectAsync(string baseUrl, string hub, string token) => HubClient.ConnectAsync(new Uri($"{baseUrl}/hubs/{hub}"), token);
}
