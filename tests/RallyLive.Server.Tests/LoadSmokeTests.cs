using System.Diagnostics;
using RallyLive.LoadGenerator;

namespace RallyLive.Server.Tests;

/// <summary>
/// The load generator's smoke run on the real server: a few hundred viewer connections for a few seconds. It checks
/// correctness only — every accepted reaction reaches every viewer exactly once, and a poll counts every vote — never
/// timing; the figures come from load-tests/run-load-tests.sh.
/// </summary>
public sealed class LoadSmokeTests : IAsyncLifetime
{
    private const int Viewers = 300;
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private readonly LiveServer _server = new();
    private readonly HttpClient _http = new();
    private readonly ConnectionFactory _connections = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public async Task DisposeAsync()
    {
        await _connections.DisposeAsync();
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task ReactionsAtAFixedRate_ReachEveryViewerExactlyOnce()
    {
        var crowd = await CrowdAsync();
        var sends = new List<Task>();
        long offered = 0;
        await ArrivalSchedule.RunAsync(200, TimeSpan.FromSeconds(3), (scheduled, k) =>
        {
            var taps = (int)(k % 3) + 1;
            offered += taps;
            sends.Add(crowd.ReactAsync(crowd.Viewers[(int)(k * 7 % Viewers)], taps, scheduled, null));
            if (k % 50 == 0)
            {
                sends.Add(crowd.ProbeAsync(scheduled));
            }
        });
        await Task.WhenAll(sends);

        Assert.Equal(0, crowd.Errors);
        Assert.Equal(offered, crowd.LoadAccepted);
        await WaitUntilAsync(() => crowd.Viewers.All(v => v.Missing(crowd.LoadAccepted, crowd.ProbesAccepted) <= 0));
        var (lost, duplicated, closed) = crowd.Check();
        Assert.Equal((0L, 0L, 0L), (lost, duplicated, closed));
        Assert.Equal(0, crowd.OutOfOrder);
        Assert.All(crowd.Viewers, v => Assert.Equal(crowd.LoadAccepted, v.ReactionSum));
        Assert.Equal(crowd.ProbesAccepted * Viewers, crowd.ProbeLatency.Count);
    }

    [Fact]
    public async Task ACrowdThatOnlyWatches_ToldWhatWasSentElsewhere_SeesItAllAndTimesTheProbes()
    {
        // The sending crowd is spread-fanout's own; the watching one is what a crowd worker holds in its process,
        // told only the probes' schedule and what was accepted. It joins late: it is owed only what comes after.
        var senders = await CrowdAsync();
        await ArrivalSchedule.RunAsync(50, TimeSpan.FromSeconds(0.5), (scheduled, k) => senders.ReactAsync(senders.Viewers[(int)k], 1, scheduled, null).Forget());
        await WaitUntilAsync(() => senders.LoadAccepted == 25 && senders.Viewers.All(v => v.Missing(25, 0) <= 0));
        var watchers = new Crowd(senders.Target, senders.Rally, new LoadTotals(), SpreadCrowd.MaxProbes);
        watchers.AcceptedElsewhere(senders.LoadAccepted, senders.ProbesAccepted);
        await watchers.AddViewersAsync(40, _connections, _http);

        const int probes = 4;
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;
        watchers.ExpectProbes(start, 4, probes);
        var sends = new List<Task>();
        await Task.WhenAll(
            ArrivalSchedule.RunAsync(start, 4, TimeSpan.FromSeconds(1), (scheduled, _) => sends.Add(senders.ProbeAsync(scheduled))),
            ArrivalSchedule.RunAsync(start, 20, TimeSpan.FromSeconds(1), (scheduled, k) => sends.Add(senders.ReactAsync(senders.Viewers[(int)k], 2, scheduled, null))));
        await Task.WhenAll(sends);
        watchers.AcceptedElsewhere(senders.LoadAccepted, senders.ProbesAccepted);

        await WaitUntilAsync(() => watchers.Viewers.All(v => v.Missing(senders.LoadAccepted, senders.ProbesAccepted) <= 0));
        Assert.Equal((0L, 0L, 0L), watchers.Check());
        Assert.All(watchers.Viewers, v => Assert.Equal(40, v.ReactionSum));
        // Every arrival of a probe is timed from its due time, which the watchers knew only from the schedule.
        Assert.Equal(probes * watchers.Viewers.Count, watchers.ProbeLatency.Count);
    }

    [Fact]
    public async Task EveryViewerVotingInTwoSeconds_IsCountedExactly()
    {
        var crowd = await CrowdAsync();
        await using var organiser = await _connections.ConnectAsync(new RallyLiveTarget(new Uri(_server.BaseUrl), 0).OrganiserHubUrl(crowd.Rally), null);
        await organiser.GoLiveAsync();
        var pollId = await organiser.OpenPollAsync("Which?", ["A", "B", "C"]);
        var votes = new List<Task<int>>();
        await ArrivalSchedule.RunAsync(Viewers / 2.0, TimeSpan.FromSeconds(2), (_, k) =>
            votes.Add(crowd.Viewers[(int)k].Connection.VoteAsync(pollId, (int)(k % 3))));
        var counted = await Task.WhenAll(votes);

        var tallies = await organiser.TalliesAsync(pollId);
        Assert.Equal(Enumerable.Range(0, Viewers).Select(k => k % 3), counted);
        Assert.Equal([Viewers / 3, Viewers / 3, Viewers / 3], tallies);
    }

    [Fact]
    public async Task ACrowdWorkersVotes_OnAScheduleFromAGivenStart_AreEachAcknowledgedOnce_AndAddUpToTheTallies()
    {
        var crowd = await CrowdAsync();
        await using var organiser = await _connections.ConnectAsync(new RallyLiveTarget(new Uri(_server.BaseUrl), 0).OrganiserHubUrl(crowd.Rally), null);
        await organiser.GoLiveAsync();
        var pollId = await organiser.OpenPollAsync("Which?", ["A", "B", "C"]);
        var start = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 10;

        var votes = await CrowdWorker.VoteAsync(crowd, pollId, start, Viewers / 2.0, seconds: 2, options: 3);

        Assert.Equal(0, votes.Errors);
        Assert.Equal([Viewers / 3, Viewers / 3, Viewers / 3], votes.Acknowledged);
        Assert.Equal(votes.Acknowledged, await organiser.TalliesAsync(pollId));
        Assert.True(votes.LastAcknowledged > start);
        Assert.Equal(Viewers, votes.Latency.Sum(v => v[1]));
    }

    private async Task<Crowd> CrowdAsync()
    {
        var target = new RallyLiveTarget(new Uri(_server.BaseUrl), Environment.ProcessId);
        var crowd = new Crowd(target, await target.CreateRallyAsync(_http, 0), new LoadTotals());
        await crowd.AddViewersAsync(Viewers, _connections, _http);
        Assert.Equal(Viewers, _connections.OpenCount);
        return crowd;
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The viewers did not receive every accepted reaction in time.");
            await Task.Delay(50);
        }
    }
}
