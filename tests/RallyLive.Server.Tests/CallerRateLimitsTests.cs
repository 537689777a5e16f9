using System.Net;
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
    public void Reports_HaveTheirOwnTighterBucket_SoAReporterCannotSpendTheirOtherCallsOnFlags()
    {
        var limits = new CallerRateLimits(Options.Create(new RealtimeOptions()), new GrainClock());

        var reports = Enumerable.Range(0, 20).Count(_ => limits.TryTake("rally-1", "Viewer", "v-1", nameof(RealtimeOptions.Reports)));
        var other = limits.TryTake("rally-1", "Viewer", "v-1", nameof(RealtimeOptions.Other));
        var fromOneAddress = Enumerable.Range(0, 50).Count(_ => limits.TryTakeForAddress("rally-1", IPAddress.Parse("203.0.113.7"), nameof(RealtimeOptions.Reports)));

        Assert.Equal(new RealtimeOptions().Reports.Burst, reports);
        Assert.True(other);
        Assert.Equal(new RealtimeOptions().ReportsPerAddress.Burst, fromOneAddress);
    }

    [Fact]
    public void ViewersOfOneAddress_ShareItsBucket_AnIPv6AddressCountingAsIts64_WhileOtherAddressesAndRalliesHaveTheirOwn()
    {
        var limits = new CallerRateLimits(Options.Create(new RealtimeOptions { ChatPerAddress = new(PerSecond: 1, Burst: 5) }), new GrainClock());

        var fromOneAddress = Enumerable.Range(0, 20).Count(_ => limits.TryTakeForAddress("rally-1", IPAddress.Parse("203.0.113.7"), nameof(RealtimeOptions.Chat)));
        var mapped = limits.TryTakeForAddress("rally-1", IPAddress.Parse("::ffff:203.0.113.7"), nameof(RealtimeOptions.Chat));
        var neighbour = limits.TryTakeForAddress("rally-1", IPAddress.Parse("203.0.113.8"), nameof(RealtimeOptions.Chat));
        var otherRally = limits.TryTakeForAddress("rally-2", IPAddress.Parse("203.0.113.7"), nameof(RealtimeOptions.Chat));
        var reactions = limits.TryTakeForAddress("rally-1", IPAddress.Parse("203.0.113.7"), nameof(RealtimeOptions.Reactions));
        var oneMachine = Enumerable.Range(0, 20).Count(i => limits.TryTakeForAddress("rally-1", IPAddress.Parse($"2001:db8:1:2::{i + 1:x}"), nameof(RealtimeOptions.Chat)));
        var nextNetwork = limits.TryTakeForAddress("rally-1", IPAddress.Parse("2001:db8:1:3::1"), nameof(RealtimeOptions.Chat));

        Assert.Equal(5, fromOneAddress);
        Assert.False(mapped);
        Assert.True(neighbour);
        Assert.True(otherRally);
        Assert.True(reactions);
        Assert.Equal(5, oneMachine);
        Assert.True(nextNetwork);
    }

    [Fact]
    public async Task ManyViewerTokensFromOneAddress_ChatNoMoreThanItsBucket_WhileAViewerElsewhereStillChats()
    {
        await using var server = new LiveServerScope(new Dictionary<string, string>
        {
            ["RallyLive:TrustedProxies:0"] = "127.0.0.1",
            ["RallyLive:Realtime:ChatPerAddress:Burst"] = "4",
            ["RallyLive:Realtime:ChatPerAddress:PerSecond"] = "0.001",
        });
        var live = await server.StartAsync();
        var rally = await live.Api.CreateRallyAsync();
        var connections = new List<ViewerHubClient>();
        try
        {
            // Ten viewer tokens on one machine, each within its own limit: the address's bucket lets four through.
            for (var i = 0; i < 10; i++)
            {
                var viewer = await live.Api.JoinAsync(rally.RallyId, "stage", $"Sock {i}");
                var connection = await ViewerHubClient.ConnectAsync(live.BaseUrl, viewer.ViewerToken, "203.0.113.7");
                connections.Add(connection);
                await connection.JoinStreamAsync(new("stage", $"Sock {i}"));
            }

            var honest = await live.Api.JoinAsync(rally.RallyId, "stage", "Ana");
            var ana = await ViewerHubClient.ConnectAsync(live.BaseUrl, honest.ViewerToken, "198.51.100.20");
            connections.Add(ana);
            await ana.JoinStreamAsync(new("stage", "Ana"));

            var outcomes = new List<string>();
            foreach (var connection in connections.Take(10))
            {
                outcomes.Add(await TypedHubClient.OutcomeOf(connection.SendChatAsync(new("stage", "buy followers"))));
            }

            var anaOutcome = await TypedHubClient.OutcomeOf(ana.SendChatAsync(new("stage", "Hello from the square")));

            Assert.Equal(4, outcomes.Count(o => o == "ok"));
            Assert.Equal(6, outcomes.Count(o => o == "RateLimited"));
            Assert.Equal("ok", anaOutcome);
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
        // Every refused call is answered: no connection is closed for being refused (RefusedCallsTests).
        await using var server = new LiveServerScope(new Dictionary<string, string> { ["RallyLive:Realtime:RefusedCallsPerViewerConnection:Burst"] = "1000" });
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
                TypedHubClient.OutcomeOf(c.ReactAsync(new("stage", System.Collections.Immutable.ImmutableDictionary<string, int>.Empty.Add("cheer", 1)))))));
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

    /// <summary>A <see cref="LiveServer"/> disposed at the end of the test.</summary>
    private sealed class LiveServerScope(IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
    {
        private LiveServer? _server;

        public async Task<LiveServer> StartAsync()
        {
            _server = new LiveServer(settings);
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
