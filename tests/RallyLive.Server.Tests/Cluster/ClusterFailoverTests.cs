using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Moderation;
using RallyLive.Abstractions.Rallies;
using RallyLive.Server.Api;
using RallyLive.Server.Tests.Hubs;
using StackExchange.Redis;
using Xunit.Abstractions;

namespace RallyLive.Server.Tests.Cluster;

/// <summary>
/// Three nodes behind nginx (the repository's own configuration). Viewers vote and chat and a moderator times
/// viewers out, all through the front, while the node serving them is stopped, or killed outright: every client gets
/// back onto a live node through the same front, every acknowledged vote, message and moderator action is still
/// there, tallies equal the acknowledged votes, and nothing is stored twice.
/// </summary>
public sealed class ClusterFailoverTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Viewers = 30;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private LocalCluster _cluster = null!;
    private NginxFront _front = null!;

    public enum NodeEnd
    {
        /// <summary>SIGTERM: the node shuts down as systemd or Kubernetes would stop it.</summary>
        Stopped,

        /// <summary>SIGKILL: the process dies with no shutdown at all.</summary>
        Killed,
    }

    public async Task InitializeAsync()
    {
        _cluster = await LocalCluster.StartAsync(nodes: 3);
        _front = await NginxFront.StartAsync(_cluster.Nodes.Select(n => n.BaseUrl));
    }

    public async Task DisposeAsync()
    {
        await _front.DisposeAsync();
        await _cluster.DisposeAsync();
    }

    [Theory]
    [InlineData(NodeEnd.Killed)]
    [InlineData(NodeEnd.Stopped)]
    public async Task WhenTheNodeServingEveryoneEnds_EveryClientIsBackOnAnother_AndNothingAcknowledgedIsLostOrDoubled(NodeEnd end)
    {
        var front = _front.BaseUrl;
        using var http = new HttpClient { BaseAddress = new Uri(front) };
        var api = new ApiClient(http);
        var rally = await api.CreateRallyAsync();
        string pollId;
        await using (var organiser = await OrganiserHubClient.ConnectAsync(front, rally.OrganiserKey))
        {
            await organiser.GoLiveAsync();
            pollId = (await organiser.CreatePollAsync(new("Should smile equity be written into the charter?", ["Yes", "No"]))).PollId;
            await organiser.OpenPollAsync(new(pollId));
        }

        var moderatorKey = (await api.MintModeratorAsync(rally, "Ezra")).Key;
        await using var moderator = await ReconnectingClient.ConnectAsync(() => ModeratorHubClient.ConnectAsync(front, moderatorKey));
        var viewers = new List<(string Id, ReconnectingClient<ViewerHubClient> Hub)>();
        for (var i = 0; i < Viewers; i++)
        {
            var joined = await api.JoinAsync(rally.RallyId, "stage", $"Viewer {i}");
            var name = $"Viewer {i}";
            viewers.Add((joined.ViewerId, await ReconnectingClient.ConnectAsync(async () =>
            {
                var hub = await ViewerHubClient.ConnectAsync(front, joined.ViewerToken);
                await hub.JoinStreamAsync(new("stage", name));
                return hub;
            })));
        }

        // nginx keeps a client address on one node: the node to end is the one it sends this machine to.
        await http.GetAsync("/health");
        var servingAddress = await _front.LastUpstreamOfAsync("/health");
        var serving = _cluster.Nodes.Single(n => new Uri(n.BaseUrl).Authority == servingAddress);

        var acknowledgedChat = new ConcurrentBag<string>();
        var acknowledgedTimeOuts = new ConcurrentBag<string>();
        var acknowledged = 0;
        const int Calls = 2 * Viewers + Viewers / 3; // a vote and a message per viewer, a timeout for a third of them
        var endNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = viewers.SelectMany((viewer, i) => new[]
        {
            Attempt(() => viewer.Hub.CallAsync(hub => hub.VoteAsync(new(pollId, i % 2))), _ => { }),
            Attempt(() => viewer.Hub.CallAsync(hub => hub.SendChatAsync(new("stage", $"charter now, says viewer {i}"))), message => acknowledgedChat.Add(message.Id)),
        }).Concat(viewers.Take(Viewers / 3).Select(viewer =>
            Attempt(() => moderator.CallAsync(hub => hub.TimeOutAsync(new(viewer.Id, 600, "failover"))), _ => acknowledgedTimeOuts.Add(viewer.Id))))
            .ToList();

        Task Attempt<T>(Func<Task<T>> call, Action<T> onAcknowledged) => AttemptAsync(call, result =>
        {
            onAcknowledged(result);
            if (Interlocked.Increment(ref acknowledged) == Calls / 4)
            {
                endNow.TrySetResult();
            }
        });

        await endNow.Task.WaitAsync(Patience);
        var ending = System.Diagnostics.Stopwatch.StartNew();
        await (end == NodeEnd.Killed ? serving.KillAsync() : serving.StopAsync());
        output.WriteLine($"{end} in {ending.ElapsedMilliseconds} ms.");
        await Task.WhenAll(calls);

        var clients = viewers.Select(v => v.Hub).Append<IReconnecting>(moderator).ToList();
        var outages = await Task.WhenAll(clients.Select(c => c.Reconnected)).WaitAsync(Patience);
        output.WriteLine($"{end}: {outages.Length} clients back after at most {outages.Max().TotalMilliseconds:F0} ms (median {outages.Order().ElementAt(outages.Length / 2).TotalMilliseconds:F0} ms).");

        // Everyone votes again once back (the same option: a vote is one per viewer), the moderator finishes, and a
        // third of the viewers chat once more: by then every call is acknowledged at the first attempt.
        await Task.WhenAll(viewers.Select((viewer, i) => Retried.UntilAcknowledgedAsync(() => viewer.Hub.CallAsync(hub => hub.VoteAsync(new(pollId, i % 2))), Patience)));
        foreach (var viewer in viewers.Skip(Viewers / 3).Take(Viewers / 3))
        {
            await Retried.UntilAcknowledgedAsync(() => moderator.CallAsync(hub => hub.TimeOutAsync(new(viewer.Id, 600, "failover"))), Patience);
            acknowledgedTimeOuts.Add(viewer.Id);
        }

        var afterwards = await Task.WhenAll(viewers.Skip(Viewers / 3 * 2).Select((viewer, i) =>
            viewer.Hub.CallAsync(hub => hub.SendChatAsync(new("stage", $"back again, says viewer {i}")))));
        Array.ForEach(afterwards, message => acknowledgedChat.Add(message.Id));

        var report = await ReportAsync(http, rally);
        var poll = report.Polls.Single(p => p.PollId == pollId);
        Assert.Equal<int>([(Viewers + 1) / 2, Viewers / 2], poll.Tallies);
        var timedOut = report.ModerationActions.Where(a => a.Action == AuditAction.TimeOutViewer).Select(a => a.Target).ToList();
        Assert.Empty(acknowledgedTimeOuts.Except(timedOut));
        var storedChat = await StoredChatAsync(rally.RallyId);
        Assert.Empty(acknowledgedChat.Except(storedChat.Keys));
        Assert.Equal(storedChat.Count, storedChat.Values.Distinct().Count());

        // A stopped node's clients came back once, straight onto a live node: a stopping node that had let them back in
        // would have cut them off a second time when it ended. (After a kill, a client may land first on a node whose
        // calls still go to the dead one, be closed and come back again: the others declare a node dead in about 2 s.)
        if (end == NodeEnd.Stopped)
        {
            Assert.All(clients, client => Assert.Equal(1, client.Reconnections));
        }
    }

    /// <summary>Waits for a call that may fail because its node ended under it; only acknowledged calls count.</summary>
    private static async Task AttemptAsync<T>(Func<Task<T>> call, Action<T> onAcknowledged)
    {
        try
        {
            onAcknowledged(await call());
        }
        catch (Exception exception) when (IsCutOff(exception))
        {
            // Not acknowledged: the node ended first. Nothing is claimed about it.
        }
    }

    private static bool IsCutOff(Exception exception) =>
        exception is HubException or OperationCanceledException or InvalidOperationException or WebSocketException or IOException or TimeoutException;

    private static async Task<RallyReport> ReportAsync(HttpClient http, CreatedRally rally)
    {
        using var response = await new ApiClient(http).SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/report", rally.OrganiserKey);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<RallyReport>(ApiClient.Json))!;
    }

    /// <summary>The stage's chat as stored in Redis, read straight from it: message id to text.</summary>
    private async Task<Dictionary<string, string>> StoredChatAsync(string rallyId)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(_cluster.Redis.ConnectionString);
        var server = redis.GetServer(redis.GetEndPoints().Single());
        var values = server.Keys(pattern: $"*/{rallyId}%2Fstage/chat}}/values").Single();
        var stored = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var entry in await redis.GetDatabase().HashGetAllAsync(values))
        {
            var message = JsonDocument.Parse((string)entry.Value!).RootElement;
            stored[message.GetProperty("id").GetString()!] = message.GetProperty("text").GetString()!;
        }

        return stored;
    }
}
