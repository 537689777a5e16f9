using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Streams;
using RallyLive.Domain.Narratives;
using RallyLive.Server.Realtime;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>Chat abuse through the real server and sockets: floods, slow-mode evasion over parallel connections, a raid.</summary>
public sealed class AbuseTests : IAsyncLifetime
{
    /// <summary>
    /// Chat refills one message per 100 s after the usual burst of 3, so a flood meets the limit however slowly a busy
    /// machine answers it (at one a second, a slow enough machine would refill the bucket during the flood). The flood's
    /// connection may be refused as often as it likes here, so that every call of it is answered (closing a connection
    /// that keeps calling once refused is <see cref="RefusedCallsTests"/>' business).
    /// </summary>
    private readonly LiveServer _server = new(new Dictionary<string, string>
    {
        ["RallyLive:Realtime:Chat:PerSecond"] = "0.01",
        ["RallyLive:Realtime:Chat:Burst"] = "3",
        ["RallyLive:Realtime:RefusedCallsPerViewerConnection:Burst"] = "1000",
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ChatFlood_IsCutByTheRateLimit_AndExactlyTheAcceptedMessagesAreStored()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var flooder = await _server.Api.JoinAsync(rally.RallyId, "stage", "Flooder");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, flooder.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", "Flooder"));

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => TypedHubClient.OutcomeOf(viewer.SendChatAsync(new("stage", $"flood {i}")))));

        var accepted = outcomes.Count(o => o == "ok");
        var stored = await StreamAsync(rally.RallyId, "stage").GetSnapshot(forModerators: true);
        Assert.InRange(accepted, 1, 4); // a burst of 3, and at most one more if a second passed meanwhile
        Assert.Equal(3, accepted); // with this test's slow refill, the burst alone
        Assert.Equal(30 - accepted, outcomes.Count(o => o == "RateLimited"));
        Assert.Equal(accepted, stored.RecentChat.Length);
    }

    [Fact]
    public async Task MessageHeldForABlockedTerm_IsToldToItsAuthorAsHeldForReview_WhileModeratorsSeeTheTerm()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        await moderator.AddBlockedTermAsync(new("scam"));
        var sender = await _server.Api.JoinAsync(rally.RallyId, "stage", "Tester");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, sender.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", "Tester"));

        var told = await viewer.SendChatAsync(new("stage", "this rally is one big s.c.a.m"));

        var stored = Assert.Single((await StreamAsync(rally.RallyId, "stage").GetSnapshot(forModerators: true)).RecentChat);
        Assert.Equal(ChatMessageState.Held, told.State);
        Assert.Equal(ViewerHub.HeldForReview, told.Reason);
        Assert.Equal(stored.Id, told.Id);
        Assert.Contains("scam", stored.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SlowMode_CannotBeEvadedWithParallelConnections_OneMessagePerViewerGetsThrough()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        await moderator.SetChatModesAsync(new(SlowModeSeconds: 60, HoldForReview: false, ShieldMode: false));
        var evader = await _server.Api.JoinAsync(rally.RallyId, "stage", "Evader");
        var connections = new List<ViewerHubClient>();
        try
        {
            for (var i = 0; i < 5; i++)
            {
                var connection = await ViewerHubClient.ConnectAsync(_server.BaseUrl, evader.ViewerToken);
                connections.Add(connection);
                await connection.JoinStreamAsync(new("stage", "Evader"));
            }

            // Every connection sends at once: the per-connection rate limits all allow it, slow mode must not.
            var outcomes = await Task.WhenAll(connections.Select((c, i) => TypedHubClient.OutcomeOf(c.SendChatAsync(new("stage", $"me again {i}")))));

            var stored = await StreamAsync(rally.RallyId, "stage").GetSnapshot(forModerators: true);
            // The viewer's chat burst (3) is shared by their connections: two of them meet slow mode, two the rate limit.
            Assert.Equal(1, outcomes.Count(o => o == "ok"));
            Assert.InRange(outcomes.Count(o => o == "SlowModeActive"), 2, 4);
            Assert.Equal(4, outcomes.Count(o => o is "SlowModeActive" or "RateLimited"));
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
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        var raid = new TaskCompletionSource<Narrative>(TaskCreationOptions.RunContinuationsAsynchronously);
        organiser.OnNarrative((_, view) =>
        {
            if (view.Narrative.Kind == NarrativeKind.Raid)
            {
                raid.TrySetResult(view.Narrative);
            }
        });
        await organiser.GoLiveAsync();
        var joined = await Task.WhenAll(Enumerable.Range(0, raiders).Select(i => _server.Api.JoinAsync(rally.RallyId, "darien-live", $"Traditionalist {i}")));
        var connections = await Task.WhenAll(joined.Select(j => ViewerHubClient.ConnectAsync(_server.BaseUrl, j.ViewerToken)));
        try
        {
            await Task.WhenAll(connections.Select((c, i) => c.JoinStreamAsync(new("darien-live", $"Traditionalist {i}"))));

            var outcomes = await Task.WhenAll(connections.Select((c, i) => TypedHubClient.OutcomeOf(c.SendChatAsync(new("darien-live", $"Authentic smiles only! #{i % 7}")))));
            var narrative = await raid.Task.WaitAsync(TimeSpan.FromSeconds(30));

            Assert.All(outcomes, o => Assert.Equal("ok", o));
            Assert.Contains("darien-live", narrative.Streams);
            Assert.InRange(narrative.DistinctViewers, 2, raiders);
        }
        finally
        {
            await Task.WhenAll(connections.Select(c => c.DisposeAsync().AsTask()));
        }
    }

    [Fact]
    public async Task FakeAndRepeatedReports_AreRefusedWithTheirCode_AndModeratorsReceiveOnlyTheFlagsThatChanged()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        var changes = new System.Collections.Concurrent.ConcurrentQueue<RallyLive.Abstractions.Moderation.ModerationDelta>();
        var reported = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        moderator.OnModerationChanged((_, delta) =>
        {
            changes.Enqueue(delta);
            if (delta.Flagged.Any(f => f.Reports == 1))
            {
                reported.TrySetResult();
            }
        });
        await moderator.GetConsoleAsync();
        var poster = await _server.Api.JoinAsync(rally.RallyId, "stage", "Poster");
        var reporter = await _server.Api.JoinAsync(rally.RallyId, "stage", "Reporter");
        await using var posting = await ViewerHubClient.ConnectAsync(_server.BaseUrl, poster.ViewerToken);
        await using var reporting = await ViewerHubClient.ConnectAsync(_server.BaseUrl, reporter.ViewerToken);
        await posting.JoinStreamAsync(new("stage", "Poster"));
        await reporting.JoinStreamAsync(new("stage", "Reporter"));
        var message = await posting.SendChatAsync(new("stage", "buy followers here"));

        var outcomes = new[]
        {
            await TypedHubClient.OutcomeOf(reporting.ReportMessageAsync(new("stage", "stage:999999", "spam"))),
            await TypedHubClient.OutcomeOf(reporting.ReportMessageAsync(new("stage", "elsewhere:1", "spam"))),
            await TypedHubClient.OutcomeOf(reporting.ReportMessageAsync(new("stage", message.Id, "spam"))),
            await TypedHubClient.OutcomeOf(reporting.ReportMessageAsync(new("stage", message.Id, "spam"))),
        };
        await reported.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["MessageNotFound", "MessageNotFound", "ok", "AlreadyReported"], outcomes);
        var flag = Assert.Single(changes.SelectMany(c => c.Flagged));
        Assert.Equal((message.Id, 1), (flag.MessageId, flag.Reports));
        Assert.Equal(1, Assert.Single((await moderator.GetConsoleAsync()).Moderation.Flagged).Reports);
    }

    [Fact]
    public async Task OrganiserAndModeratorInput_IsCleanedAsChatIs_OrRefusedWithItsCode()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        using var minted = await _server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/moderator-keys", rally.OrganiserKey,
            new RallyLive.Server.Api.MintModeratorKeyRequest("Ezra\u0000\u202E\u200B"));
        var moderatorKey = (await minted.Content.ReadFromJsonAsync<RallyLive.Server.Api.ModeratorKey>(ApiClient.Json))!;
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);

        var pin = await organiser.PinAsync(new("Doors\u0007 open\u2066 at\u200B six"));
        var outcomes = new[]
        {
            await TypedHubClient.OutcomeOf(organiser.CreatePollAsync(new("Standards now?", ["Yes", "No"], (RallyLive.Abstractions.Polls.ResultsVisibility)99))),
            await TypedHubClient.OutcomeOf(organiser.PinAsync(new("Hello", (RallyLive.Abstractions.Rallies.PinKind)99))),
            await TypedHubClient.OutcomeOf(moderator.BanAsync(new("<img src=x onerror=alert(1)>", "raid"))),
            await TypedHubClient.OutcomeOf(moderator.TimeOutAsync(new("anyone at all", 60, null))),
        };

        Assert.Equal("Ezra", moderatorKey.Name);
        Assert.Equal("Doors open at six", pin.Text);
        Assert.Equal(["InvalidRequest", "InvalidRequest", "InvalidRequest", "InvalidRequest"], outcomes);
        Assert.Empty((await organiser.GetRallyAsync()).PollIds);
    }

    private IStreamGrain StreamAsync(string rallyId, string streamId) =>
        _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamGrain>(StreamKey.For(rallyId, streamId));
}
