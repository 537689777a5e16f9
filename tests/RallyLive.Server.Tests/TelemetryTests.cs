using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains;
using RallyLive.Server.Operations;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>
/// RallyLive's meters read where the event happens, through the real hub on a real socket: the count on the meter is
/// the count the viewers sent, no more and no less; and a hub call's trace carries on into the grain calls it makes.
/// </summary>
public sealed class TelemetryTests : IAsyncLifetime
{
    private const string OperatorKey = "operator-key-for-telemetry-tests";

    private readonly LiveServer _server = new(new Dictionary<string, string> { ["RallyLive:Operations:Key"] = OperatorKey });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Reactions_SentThroughTheViewerHub_AreCountedOnTheMeterExactly_AndARefusedBatchIsCountedAsRefused()
    {
        using var grains = new MeterCapture(_server.Services.GetRequiredService<IMeterFactory>(), meterName: GrainMetrics.MeterName);
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var bo = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        await using var first = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);
        await using var second = await ViewerHubClient.ConnectAsync(_server.BaseUrl, bo.ViewerToken);
        await first.JoinStreamAsync(new("stage", "Ana"));
        await second.JoinStreamAsync(new("stage", "Bo"));

        var sent = 0;
        for (var i = 1; i <= 12; i++)
        {
            var viewer = i % 2 == 0 ? first : second;
            var counts = new Dictionary<string, int> { ["cheer"] = i, ["boo"] = i % 3 + 1 }.ToImmutableDictionary();
            sent += (await viewer.ReactAsync(new("stage", counts))).Accepted;
        }

        var refused = await Assert.ThrowsAsync<HubException>(() =>
            first.ReactAsync(new("stage", new Dictionary<string, int> { ["cheer"] = 2, ["no-such-reaction"] = 1 }.ToImmutableDictionary())));

        Assert.Equal(12 * 13 / 2 + 24, sent);
        Assert.Equal(sent, grains["rallylive.reactions.accepted/"]);
        Assert.Equal("InvalidReaction", TypedHubClient.CodeOf(refused));
        Assert.Equal(1, grains["rallylive.reactions.refused/InvalidReaction"]);
    }

    [Fact]
    public async Task Reactions_CountedOnTheMeter_ReachPrometheusAtMetrics_BesideSignalRAndKestrel()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);
        var burst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        viewer.OnReactionBurst((_, _) => burst.TrySetResult());
        await viewer.JoinStreamAsync(new("stage", "Ana"));
        await viewer.ReactAsync(new("stage", new Dictionary<string, int> { ["cheer"] = 3 }.ToImmutableDictionary()));
        await burst.Task.WaitAsync(TimeSpan.FromSeconds(10));

        using var http = new HttpClient { BaseAddress = new Uri(_server.BaseUrl) };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { Authorization = new("Bearer", OperatorKey) } };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("rallylive_reactions_accepted_total{", text, StringComparison.Ordinal);
        Assert.Contains("signalr_server_active_connections{", text, StringComparison.Ordinal);
        Assert.Contains("kestrel_active_connections{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Chat_ShownAndHeld_AreCountedByTheStateTheStreamGaveThem_AndTheReasonNeverCarriesTheTerm()
    {
        using var grains = new MeterCapture(_server.Services.GetRequiredService<IMeterFactory>(), meterName: GrainMetrics.MeterName);
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, (await _server.Api.MintModeratorAsync(rally, "Mo")).Key);
        await viewer.JoinStreamAsync(new("stage", "Ana"));

        await viewer.SendChatAsync(new("stage", "Smiles for everyone"));
        await moderator.AddBlockedTermAsync(new("grimace"));
        var blocked = await viewer.SendChatAsync(new("stage", "what a grimace"));
        await moderator.SetChatModesAsync(new(SlowModeSeconds: 0, HoldForReview: true, ShieldMode: false));
        var held = await viewer.SendChatAsync(new("stage", "Held until a moderator looks"));

        Assert.Equal(Abstractions.Streams.ChatMessageState.Held, blocked.State);
        Assert.Equal(Abstractions.Streams.ChatMessageState.Held, held.State);
        Assert.Equal(1, grains["rallylive.chat.shown/"]);
        Assert.Equal(1, grains["rallylive.chat.held/held for review"]);
        Assert.Equal(1, grains["rallylive.chat.held/blocked term"]); // the tag names the rule, never the term
    }

    [Fact]
    public async Task Votes_AreCountedWhenTheyMoveTheTallies_FirstAndChanged_NotARepeat()
    {
        using var grains = new MeterCapture(_server.Services.GetRequiredService<IMeterFactory>(), meterName: GrainMetrics.MeterName);
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();
        var pollId = (await organiser.CreatePollAsync(new("Standards now?", ["Yes", "No"]))).PollId;
        await organiser.OpenPollAsync(new(pollId));
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var bo = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        await using var first = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);
        await using var second = await ViewerHubClient.ConnectAsync(_server.BaseUrl, bo.ViewerToken);

        await first.VoteAsync(new(pollId, 0));
        await second.VoteAsync(new(pollId, 0));
        await first.VoteAsync(new(pollId, 0));
        await first.VoteAsync(new(pollId, 1));

        Assert.Equal(2, grains["rallylive.votes.counted/False"]);
        Assert.Equal(1, grains["rallylive.votes.counted/True"]);
    }

    [Fact]
    public async Task AHubCall_AndTheGrainCallsItMakes_AreOneTrace()
    {
        // A grain call the hub awaits stops before the hub call does, so when a JoinStream call stops, its grain calls are in.
        var grainCalls = new ConcurrentBag<Activity>();
        var joinCall = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => TelemetryHostingExtensions.TraceSources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name != "Microsoft.AspNetCore.SignalR.Server")
                {
                    grainCalls.Add(activity);
                }
                else if (activity.DisplayName.EndsWith("/JoinStream", StringComparison.Ordinal) && grainCalls.Any(g => g.TraceId == activity.TraceId))
                {
                    joinCall.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var viewer = await ViewerHubClient.ConnectAsync(_server.BaseUrl, ana.ViewerToken);

        await viewer.JoinStreamAsync(new("stage", "Ana"));
        var join = await joinCall.Task.WaitAsync(TimeSpan.FromSeconds(10));

        var grainCallsOfJoin = grainCalls.Where(g => g.TraceId == join.TraceId).Select(g => g.DisplayName).ToList();
        Assert.Contains(grainCallsOfJoin, name => name.Contains("IStreamGrain/Join", StringComparison.Ordinal));
        Assert.Contains(grainCallsOfJoin, name => name.Contains("IRallyGrain/GetSnapshot", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AHubCallThatStoresState_HasTheStorageWriteInItsTrace()
    {
        var orleans = new ConcurrentBag<Activity>();
        var createPoll = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => TelemetryHostingExtensions.TraceSources.Contains(source.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source.Name != "Microsoft.AspNetCore.SignalR.Server")
                {
                    orleans.Add(activity);
                }
                else if (activity.DisplayName.EndsWith("/CreatePoll", StringComparison.Ordinal)
                    && orleans.Any(o => o.TraceId == activity.TraceId && o.Source.Name == "Microsoft.Orleans.Storage"))
                {
                    createPoll.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);

        await organiser.CreatePollAsync(new("Standards now?", ["Yes", "No"]));
        var call = await createPoll.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Contains(orleans, o => o.TraceId == call.TraceId && o.DisplayName == "write storage");
    }
}
