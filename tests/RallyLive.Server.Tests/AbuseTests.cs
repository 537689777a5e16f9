using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Streams;
using RallyLive.Simulator.Protocol;

namespace RallyLive.Server.Tests;

/// <summary>Chat abuse through the real server and sockets: floods, slow-mode evasion over parallel connections, a raid.</summary>
public sealed class AbuseTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ChatFlood_IsCutByTheRateLimit_AndExactlyTheAcceptedMessagesAreStored()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectAsync("organiser", rally.OrganiserKey);
        await organiser.InvokeAsync("GoLive", null);
        var flooder = await _server.Api.JoinAsync(rally.RallyId, "stage", "Flooder");
        await using var viewer = await ConnectAsync("viewer", flooder.ViewerToken);
        await viewer.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Flooder" });

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => OutcomeAsync(viewer.InvokeAsync("SendChat", new { streamId = "stage", text = $"flood {i}" }))));

        var accepted = outcomes.Count(o => o == "ok");
        var stored = await StreamAsync(rally.RallyId, "stage").GetSnapshot(forModerators: true);
        Assert.InRange(accepted, 1, 4); // a burst of 3, and at most one more if a second passed meanwhile
        Assert.Equal(30 - accepted, outcomes.Count(o => o == "RateLimited"));
        Assert.Equal(accepted, stored.RecentChat.Length);
    }

    [Fact]
    public async Task SlowMode_CannotBeEvadedWithParallelConnections_OneMessagePerViewerGetsThrough()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectAsync("organiser", rally.OrganiserKey);
        await organiser.InvokeAsync("GoLive", null);
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var moderator = await ConnectAsync("moderator", moderatorKey.Key);
        await moderator.InvokeAsync("SetChatModes", new { slowModeSeconds = 60, holdForReview = false, shieldMode = false });
        var evader = await _server.Api.JoinAsync(rally.RallyId, "stage", "Evader");
        var connections = new List<HubClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var connection = await ConnectAsync("viewer", evader.ViewerToken);
                connections.Add(connection);
                await connection.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Evader" });
            }

            // Every connection sends at once: the per-connection rate limits all allow it, slow mode must not.
            var outcomes = await Task.WhenAll(connections.Select((c, i) => OutcomeAsync(c.InvokeAsync("SendChat", new { streamId = "stage", text = $"me again {i}" }))));

            var stored = await StreamAsync(rally.RallyId, "stage").GetSnapshot(forModerators: true);
            Assert.Equal(1, outcomes.Count(o => o == "ok"));
            Assert.Equal(4, outcomes.Count(o => o == "SlowModeActive"));
            Assert.Single(stored.RecentChat);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task RaidOf300NewViewers_IsRaisedToTheOrganiserAsARaid_AndEveryMessageIsAccepted()
    {
        const int raiders = 300;
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await ConnectAsync("organiser", rally.OrganiserKey);
        var raid = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        organiser.On("Narrative", arguments =>
        {
            if (arguments[1].GetProperty("narrative").GetProperty("kind").GetString() == "Raid")
            {
                raid.TrySetResult(arguments[1]);
            }
        });
        await organiser.InvokeAsync("GoLive", null);
        var joined = await Task.WhenAll(Enumerable.Range(0, raiders).Select(i => _server.Api.JoinAsync(rally.RallyId, "darien-live", $"Traditionalist {i}")));
        var connections = await Task.WhenAll(joined.Select(j => ConnectAsync("viewer", j.ViewerToken)));
        try
        {
            await Task.WhenAll(connections.Select((c, i) => c.InvokeAsync("JoinStream", new { streamId = "darien-live", displayName = $"Traditionalist {i}" })));

            var outcomes = await Task.WhenAll(connections.Select((c, i) => OutcomeAsync(c.InvokeAsync("SendChat", new { streamId = "darien-live", text = $"Authentic smiles only! #{i % 7}" }))));
            var narrative = await raid.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.All(outcomes, o => Assert.Equal("ok", o));
            Assert.Contains("darien-live", narrative.GetProperty("narrative").GetProperty("streams").EnumerateArray().Select(s => s.GetString()));
            Assert.InRange(narrative.GetProperty("narrative").GetProperty("distinctViewers").GetInt32(), 2, raiders);
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    private Task<HubClient> ConnectAsync(string hub, string token) => HubClient.ConnectAsync(new Uri($"{_server.BaseUrl}/hubs/{hub}"), token);

    private IStreamGrain StreamAsync(string rallyId, string streamId) =>
        _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamGrain>(StreamKey.For(rallyId, streamId));

    /// <summary>"ok", or the refusal's code.</summary>
    private static async Task<string> OutcomeAsync(Task<JsonElement> call)
    {
        try
        {
            await call;
            return "ok";
        }
        catch (HubCallException refused)
        {
            return refused.Code ?? refused.Message;
        }
    }
}
