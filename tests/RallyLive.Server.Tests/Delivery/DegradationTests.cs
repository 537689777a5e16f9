using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Live;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Live;
using RallyLive.Server.Realtime.Delivery;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests.Delivery;

/// <summary>
/// A node told that it is saturated (the sample its load monitor would take) sheds load through the real server:
/// organisers are told, viewers get fewer frames carrying every tap, and a smaller share of chat.
/// </summary>
public sealed class DegradationTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    /// <summary>What the load monitor would measure on a node whose work waits 45 s to start: far beyond anything real.</summary>
    private static readonly LoadSample Saturated = new(SenderBusy: 0.5, SchedulingDelay: TimeSpan.FromSeconds(45));

    /// <summary>
    /// One saturated sample sheds a level, and the node's own samples neither shed more nor step back during the test
    /// (only a wait of 30 s or a sender busy all the time would count), however loaded this machine is. Batches of 2 s
    /// hold several of a stream's frames however unevenly a busy machine runs its ticks.
    /// </summary>
    private static readonly Dictionary<string, string> OneSampleSheds = new()
    {
        ["RallyLive:Realtime:Degradation:StepDownAfterSamples"] = "1",
        ["RallyLive:Realtime:Degradation:StepUpAfterSamples"] = "1000000",
        ["RallyLive:Realtime:Degradation:SchedulingDelayAbove"] = "00:00:30",
        ["RallyLive:Realtime:Degradation:SenderBusyAbove"] = "1",
        ["RallyLive:Realtime:Degradation:ReducedBatchInterval"] = "00:00:02",
        ["RallyLive:Realtime:Degradation:MinimalBatchInterval"] = "00:00:02",
    };

    [Fact]
    public async Task SaturatedNode_TellsOrganisers_AndSendsViewersFewerFrames_CarryingEveryTap()
    {
        await using var server = new LiveServer(OneSampleSheds);
        await server.InitializeAsync();
        var rally = await server.Api.CreateRallyAsync();
        var told = new TaskCompletionSource<DeliveryLoad>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var organiser = await OrganiserHubClient.ConnectAsync(server.BaseUrl, rally.OrganiserKey, o => o.OnServerLoad(load => told.TrySetResult(load)));
        await organiser.GoLiveAsync();
        var tapper = await JoinedViewerAsync(server, rally.RallyId, "Ama");
        await using var watcher = await JoinedViewerAsync(server, rally.RallyId, "Kofi");

        await server.Services.GetRequiredService<DeliveryLoadMonitor>().ObserveAsync(Saturated);
        var load = await told.Task.WaitAsync(Patience);
        Assert.Equal(DeliveryLevel.Reduced, load.Level);
        Assert.Equal(2000, load.FrameIntervalMs);
        Assert.Equal(10, load.ChatPerSecondPerStream);
        Assert.Equal("the server's processors are saturated (work waited 45000 ms to start)", load.Reason);

        const int Batches = 12;
        var framesToWatcher = new ConcurrentQueue<StreamFrame>();
        var framesToOrganiser = new ConcurrentQueue<StreamFrame>();
        var watcherSawAll = new TapCount(framesToWatcher, Batches);
        var organiserSawAll = new TapCount(framesToOrganiser, Batches);
        using var _ = watcher.OnReactionBurst((_, frame) => { framesToWatcher.Enqueue(frame); watcherSawAll.Check(); });
        using var __ = organiser.OnStreamFrame((_, frame) => { framesToOrganiser.Enqueue(frame); organiserSawAll.Check(); });
        await using (tapper)
        {
            for (var i = 0; i < Batches; i++)
            {
                await tapper.ReactAsync(new("stage", ImmutableDictionary<string, int>.Empty.Add("love", 1)));
                await Task.Delay(TimeSpan.FromMilliseconds(125)); // taps spread over several ticks, as a crowd's are
            }

            await Task.WhenAll(watcherSawAll.Done, organiserSawAll.Done).WaitAsync(Patience);
        }

        // Every tap reached both, once; the organiser got every tick's frame, the viewer fewer frames carrying the same taps.
        Assert.Equal(Batches, framesToWatcher.Sum(f => f.Reactions.GetValueOrDefault("love")));
        Assert.Equal(Batches, framesToOrganiser.Sum(f => f.Reactions.GetValueOrDefault("love")));
        Assert.True(framesToWatcher.Count < framesToOrganiser.Count, $"{framesToWatcher.Count} frames to the viewer, {framesToOrganiser.Count} to the organiser");

        // An organiser who connects while the node sheds load is told at once.
        var toldLatecomer = new TaskCompletionSource<DeliveryLoad>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var latecomer = await OrganiserHubClient.ConnectAsync(server.BaseUrl, rally.OrganiserKey, o => o.OnServerLoad(l => toldLatecomer.TrySetResult(l)));
        Assert.Equal(load, await toldLatecomer.Task.WaitAsync(Patience));
    }

    [Fact]
    public async Task SaturatedNode_SendsViewersAShareOfEachStreamsChat_WhileModeratorsGetEveryMessage()
    {
        await using var server = new ServerFactory { Settings = OneSampleSheds };
        _ = server.Server;
        var moderatorsGotFirst = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var moderatorsGotAll = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var counts = new MeterCapture(server.Services.GetRequiredService<IMeterFactory>(), (key, total) =>
        {
            if (key == "rallylive.messages.sent/ChatMessage@moderators")
            {
                (total == 100 ? moderatorsGotFirst : total == 200 ? moderatorsGotAll : null)?.TrySetResult();
            }
        });
        var broadcaster = server.Services.GetRequiredService<IRallyBroadcaster>();
        await server.Services.GetRequiredService<RallyNode>().ClientConnectedAsync("r-shed");
        await server.Services.GetRequiredService<DeliveryLoadMonitor>().ObserveAsync(Saturated);
        var next = 0;
        void PublishChat(int messages)
        {
            for (var end = next + messages; next < end; next++)
            {
                broadcaster.Publish(new ChatPosted("r-shed", new ChatMessage($"stage:{next}", next, "stage", $"v-{next}", "Viewer", "yes!", DateTimeOffset.UnixEpoch, ChatMessageState.Visible, null, 0)));
            }
        }

        PublishChat(100);
        await moderatorsGotFirst.Task.WaitAsync(Patience);
        await server.Time.AdvanceAsync(TimeSpan.FromSeconds(1)); // the stream's fan-out refills for one second
        PublishChat(100);
        await moderatorsGotAll.Task.WaitAsync(Patience);

        // The burst of 40, then half of the 20 a second that a node keeping up would send.
        Assert.Equal(50, counts["rallylive.messages.sent/ChatMessage@viewers"]);
        Assert.Equal(150, counts["rallylive.chat.sampled_out/"]);
    }

    [Fact]
    public async Task ControlPanel_OfASaturatedServer_SaysWhatViewersGetAndWhy()
    {
        await using var server = new LiveServer(OneSampleSheds);
        await server.InitializeAsync();
        var rally = await server.Api.CreateRallyAsync();
        await server.Services.GetRequiredService<DeliveryLoadMonitor>().ObserveAsync(Saturated);

        var seen = await NodeScript.Browser.RunAsync("server-load.mjs", new
        {
            baseUrl = server.BaseUrl,
            screenshotDirectory = NodeScript.ScreenshotDirectory,
            rallyId = rally.RallyId,
            organiserKey = rally.OrganiserKey,
        });

        var notice = seen.GetProperty("notice").GetString();
        Assert.Contains("sends viewers less: reactions every 2 s and at most 10 chat messages a second per stream", notice, StringComparison.Ordinal);
        Assert.Contains("Why: the server's processors are saturated", notice, StringComparison.Ordinal);
        Assert.True(seen.GetProperty("noticeBelowBanner").GetBoolean(), "the notice sits right under the connection banner");
        Assert.Empty(seen.GetProperty("problems").EnumerateArray());
        Assert.True(File.Exists(seen.GetProperty("screenshot").GetString()));
    }

    private static async Task<ViewerHubClient> JoinedViewerAsync(LiveServer server, string rallyId, string name)
    {
        var joined = await server.Api.JoinAsync(rallyId, "stage", name);
        var viewer = await ViewerHubClient.ConnectAsync(server.BaseUrl, joined.ViewerToken);
        await viewer.JoinStreamAsync(new("stage", name));
        return viewer;
    }

    /// <summary>Completes once the frames received carry <c>taps</c> "love" reactions in all.</summary>
    private sealed class TapCount(ConcurrentQueue<StreamFrame> frames, int taps)
    {
        private readonly TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Done => _done.Task;

        public void Check()
        {
            if (frames.Sum(f => f.Reactions.GetValueOrDefault("love")) >= taps)
            {
                _done.TrySetResult();
            }
        }
    }
}
