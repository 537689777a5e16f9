using Microsoft.Extensions.Options;
using RallyLive.Server.Realtime;
using RallyLive.Server.Tests.Hubs;
using RallyLive.Testing;

namespace RallyLive.Server.Tests;

/// <summary>Hub rate limits belong to the caller, whatever number of connections they open.</summary>
public sealed class CallerRateLimitsTests
{
    [Fact]
    public async Task OneViewer_SharesOneBucketPerKind_AcrossConnections_WhileAnotherViewerHasTheirOwn()
    {
        var clock = new GrainClock();
        var limits = new CallerRateLimits(Options.Create(new RealtimeOptions()), clock);

        // The viewer's 16-reaction burst is spent whatever the connection, since the bucket is keyed on the token's subject.
        var taken = Enumerable.Range(0, 40).Count(_ => limits.TryTake("rally-1", "Viewer", "v-1", nameof(RealtimeOptions.Reactions)));
        var other = limits.TryTake("rally-1", "Viewer", "v-2", nameof(RealtimeOptions.Reactions));
        var chat = limits.TryTake("rally-1", "Viewer", "v-1", nameof(RealtimeOptions.Chat));
        var elsewhere = limits.TryTake("rally-2", "Viewer", "v-1", nameof(RealtimeOptions.Reactions));
        await clock.AdvanceAsync(TimeSpan.FromSeconds(1));
        var refilled = Enumerable.Range(0, 40).Count(_ => limits.TryTake("rally-1", "Viewer", "v-1", nameof(RealtimeOptions.Reactions)));

        Assert.Equal(16, taken);
        Assert.True(other);
        Assert.True(chat);
        Assert.True(elsewhere);
        Assert.Equal(8, refilled);
    }

    [Fact]
    public async Task IdleCallers_AreForgotten_SoTheTableStaysBounded()
    {
        var clock = new GrainClock();
        var limits = new CallerRateLimits(Options.Create(new RealtimeOptions()), clock);
        for (var i = 0; i < 4000; i++)
        {
            limits.TryTake("rally-1", "Viewer", $"v-{i}", nameof(RealtimeOptions.Chat));
        }

        await clock.AdvanceAsync(TimeSpan.FromMinutes(1));
        for (var i = 0; i < 200; i++)
        {
            limits.TryTake("rally-1", "Viewer", $"w-{i}", nameof(RealtimeOptions.Chat));
        }

        Assert.InRange(limits.Count, 1, 200);
    }

    [Fact]
    public async Task AViewerWithFiveConnections_GetsNoMoreReactionsThanWithOne()
    {
        await using var server = new LiveServerScope();
        var live = await server.StartAsync();
        var rally = await live.Api.CreateRallyAsync();
        var tapper = await live.Api.JoinAsync(rally.RallyId, "stage", "Tapper");
        var connections = new List<ViewerHubClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var connection = await ViewerHubClient.ConnectAsync(live.BaseUrl, tapper.ViewerToken);
                connections.Add(connection);
                await connection.JoinStreamAsync(new("stage", "Tapper"));
            }

            var started = DateTime.UtcNow;
            var outcomes = await Task.WhenAll(connections.SelectMany(c => Enumerable.Range(0, 16).Select(_ =>
                AbuseOutcome(c.ReactAsync(new("stage", System.Collections.Immutable.ImmutableDictionary<string, int>.Empty.Add("cheer", 1)))))));
            var elapsed = DateTime.UtcNow - started;

            // Per connection, each of the five would have had its own burst of 16 (80 in all). Per viewer: one burst
            // of 16, plus what refills (8 a second) while the calls run.
            var accepted = outcomes.Count(o => o == "ok");
            Assert.InRange(accepted, 16, 16 + (int)Math.Ceiling(elapsed.TotalSeconds * 8));
            Assert.Equal(80 - accepted, outcomes.Count(o => o == "RateLimited"));
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private static async Task<string> AbuseOutcome(Task call)
    {
        try
        {
            await call;
            return "ok";
        }
        catch (Microsoft.AspNetCore.SignalR.HubException refused)
        {
            return TypedHubClient.CodeOf(refused) ?? refused.Message;
        }
    }

    /// <summary>A <see cref="LiveServer"/> disposed at the end of the test.</summary>
    private sealed class LiveServerScope : IAsyncDisposable
    {
        private LiveServer? _server;

        public async Task<LiveServer> StartAsync()
        {
            _server = new LiveServer();
            await _server.InitializeAsync();
            return _server;
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }
        }
    }
}
