using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using static RallyLive.LoadGenerator.CommandLine;

namespace RallyLive.LoadGenerator;

/// <summary>
/// One crowd larger than the node sustains, for one window: every viewer reacts, a probe reaction goes out each second,
/// chat runs above each stream's fan-out cap, and every viewer votes once in a poll opened for the window. An organiser
/// connection records what the server says of its load (<c>ServerLoad</c>). Prints one row of the overload report:
/// frame and reaction-to-viewer latency, vote acknowledgement latency (and tallies against acknowledged votes), chat,
/// messages per viewer, CPU, and the levels the server went through.
/// </summary>
internal static class Overload
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var viewers = int.Parse(options["viewers"], CultureInfo.InvariantCulture);
        var window = TimeSpan.FromSeconds(int.Parse(options.GetValueOrDefault("seconds", "60"), CultureInfo.InvariantCulture));
        var chatPerSecond = double.Parse(options.GetValueOrDefault("chat-per-second", "30"), CultureInfo.InvariantCulture);
        var name = options.GetValueOrDefault("name", "RallyLive");
        var target = new RallyLiveTarget(new Uri(options["server"]), int.Parse(options["server-pid"], CultureInfo.InvariantCulture));
        await using var factory = new ConnectionFactory();
        using var http = CommandLine.Http();
        var crowd = new Crowd(target, await target.CreateRallyAsync(http, 0), new LoadTotals(), maxProbes: (int)window.TotalSeconds + 600);
        await crowd.AddViewersAsync(viewers, factory, http);
        await using var organiser = await factory.ConnectAsync(target.OrganiserHubUrl(crowd.Rally), null);
        await organiser.GoLiveAsync();
        var loads = new ConcurrentQueue<(double At, string Level, string Reason)>();
        var started = Stopwatch.GetTimestamp();
        using var _ = organiser.OnPayload("ServerLoad", load => loads.Enqueue(
            (Stopwatch.GetElapsedTime(started).TotalSeconds, load.GetProperty("level").GetString()!, load.GetProperty("reason").GetString()!)));
        const int PollOptions = 4;
        var pollId = await organiser.OpenPollAsync("Which standard?", ["A", "B", "C", "D"]);
        await Task.Delay(TimeSpan.FromSeconds(3)); // the joins' frames go out before the window
        Log($"overload ({name}): {viewers:N0} viewers, {window.TotalSeconds:N0} s, {chatPerSecond} chat/s, every viewer votes once");

        var chat = crowd.Chat = new ChatSchedule((int)(chatPerSecond * window.TotalSeconds) + 16, "overload chat ");
        var (votes, voteLatency, expected) = (new List<Task>(viewers), new LatencyRecorder(), new int[PollOptions]);
        // Latencies of the window only: the joins' frames, sent while the crowd connected, are not part of it.
        (crowd.FrameLatency, crowd.ProbeLatency) = (new LatencyRecorder(), new LatencyRecorder());
        var measurement = new Measurement(target, crowd.Totals);
        started = Stopwatch.GetTimestamp();
        var reactions = ArrivalSchedule.RunAsync(viewers * 6 / 60.0, window, (scheduled, k) =>
            crowd.ReactAsync(crowd.Viewers[1 + (int)(k * 7919 % (viewers - 1))], 1, scheduled, null).Forget());
        // Each probe from another viewer: while the server takes over a second per call, one viewer's probes would queue.
        var probes = ArrivalSchedule.RunAsync(1, window, (scheduled, k) => crowd.ProbeAsync(scheduled, crowd.Viewers[(int)(k * 31 % viewers)]).Forget());
        var messages = ArrivalSchedule.RunAsync(chatPerSecond, window, (scheduled, k) =>
            crowd.SendChatAsync(crowd.Viewers[1 + (int)(k * 104729 % (viewers - 1))], chat.Text((int)k, scheduled)).Forget());
        var voting = ArrivalSchedule.RunAsync(viewers / window.TotalSeconds, window, (scheduled, k) =>
        {
            if (k < viewers)
            {
                lock (votes)
                {
                    votes.Add(VoteAsync(crowd.Viewers[(int)k], (int)(k % PollOptions), scheduled));
                }
            }
        });
        await Task.WhenAll(reactions, probes, messages, voting);
        await Task.WhenAll(votes);
        var seconds = measurement.Seconds;
        var (cpu, generatorCpu, delivered) = (measurement.CpuSeconds, measurement.GeneratorCpuSeconds, measurement.Delivered);
        await crowd.DrainAsync(TimeSpan.FromSeconds(15));
        var (lost, duplicated, closed) = crowd.Check();
        var tallies = await organiser.TalliesAsync(pollId);
        var frames = crowd.FrameLatency.Summary();
        var probe = crowd.ProbeLatency.Summary();
        var acks = voteLatency.Summary();
        var chatShown = crowd.Viewers.Count == 0 ? 0 : crowd.Viewers.Average(v => v.ChatReceived) / seconds;

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {viewers:N0} | **{frames.P99Ms:N0}** ({frames.P50Ms:N0}) | {probe.P99Ms:N0} ({probe.P50Ms:N0}) | **{acks.P99Ms:N0}** ({acks.P50Ms:N0}) | " +
            $"{expected.Sum():N0} / {string.Join('/', tallies)} | {crowd.ChatAccepted / seconds:N1} sent, {chatShown:N1} shown, p99 {chat.Latency.PercentileMs(99):N0} ms | " +
            $"{delivered / seconds / viewers:N1} | {cpu / seconds:N2} / {generatorCpu / seconds:N2} | {lost:N0} / {duplicated:N0} / {closed:N0} | {Levels(loads, seconds)} |"));
        foreach (var (at, level, reason) in loads)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"level {name} {at:N1} s {level}: {reason}"));
        }

        await crowd.CloseAsync();
        return expected.SequenceEqual(tallies) && lost == 0 ? 0 : 1;

        async Task VoteAsync(Viewer viewer, int option, long scheduled)
        {
            try
            {
                Interlocked.Increment(ref expected[await viewer.Connection.VoteAsync(pollId, option)]);
                voteLatency.RecordSince(scheduled);
            }
            catch (LoadCallException exception)
            {
                crowd.Failed(exception);
            }
        }
    }

    /// <summary>The levels the server announced during the window, in order, with the seconds it spent at each: "Full 12 s → Reduced 48 s".</summary>
    private static string Levels(IEnumerable<(double At, string Level, string Reason)> announced, double seconds)
    {
        var changes = announced.Where(l => l.At <= seconds).ToList();
        if (changes.Count == 0)
        {
            return "Full throughout";
        }

        var spans = new List<string>();
        var (level, since) = ("Full", 0.0);
        foreach (var change in changes)
        {
            spans.Add(string.Create(CultureInfo.InvariantCulture, $"{level} {Math.Max(0, change.At) - since:N0} s"));
            (level, since) = (change.Level, Math.Max(0, change.At));
        }

        spans.Add(string.Create(CultureInfo.InvariantCulture, $"{level} {seconds - since:N0} s"));
        return string.Join(" → ", spans);
    }

}
