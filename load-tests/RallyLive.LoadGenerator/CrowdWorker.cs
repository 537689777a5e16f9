using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// Command <c>crowd-worker</c>: a share of one rally's viewers held in a process of its own, for a crowd larger than
/// one process may open sockets for (<see cref="SpreadCrowd"/> starts these and sends every reaction and probe). It
/// reads one request a line on standard input and answers each with one line of JSON on standard output:
/// <list type="bullet">
/// <item><c>join COUNT LOAD PROBES</c>: opens COUNT more viewers, owed what is accepted after LOAD reactions and PROBES probes;</item>
/// <item><c>expect START PER-SECOND COUNT</c>: a window begins, with COUNT probes due on that schedule (<see cref="Crowd.ExpectProbes"/>);</item>
/// <item><c>missing LOAD PROBES</c>: what the open viewers have still to see of that many accepted;</item>
/// <item><c>check LOAD PROBES</c>: the window's figures (<see cref="WorkerFigures"/>);</item>
/// <item><c>vote POLL START PER-SECOND SECONDS OPTIONS</c>: each viewer votes once on that schedule, option k mod OPTIONS (<see cref="VoteFigures"/>).</item>
/// </list>
/// The process ends, closing its viewers, when its input does.
/// </summary>
internal static class CrowdWorker
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var nodes = options.Urls();
        var target = new RallyLiveTarget("worker", nodes, new ProcessSampler(Environment.ProcessId));
        var crowd = new Crowd(target, new RallyHandle(options["rally"], options["key"]), new LoadTotals(), maxProbes: SpreadCrowd.MaxProbes);
        await using var factory = new ConnectionFactory(byte.Parse(options["source-address"], CultureInfo.InvariantCulture));
        using var http = CommandLine.Http();
        try
        {
            while (await Console.In.ReadLineAsync() is { } line)
            {
                var words = line.Split(' ');
                object answer = words[0] switch
                {
                    "join" => await JoinAsync(crowd, factory, http, Int(words[1]), Long(words[2]), Long(words[3])),
                    "expect" => Expect(crowd, Long(words[1]), double.Parse(words[2], CultureInfo.InvariantCulture), Int(words[3])),
                    "missing" => new { missing = Missing(crowd, Long(words[1]), Long(words[2])) },
                    "check" => Check(crowd, Long(words[1]), Long(words[2])),
                    "vote" => await VoteAsync(crowd, words[1], Long(words[2]), Double(words[3]), Double(words[4]), Int(words[5])),
                    _ => new { error = $"unknown request {words[0]}" },
                };
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(answer, SpreadCrowd.Json));
                await Console.Out.FlushAsync();
            }
        }
        finally
        {
            await crowd.CloseAsync();
        }

        return 0;
    }

    private static async Task<object> JoinAsync(Crowd crowd, ConnectionFactory factory, HttpClient http, int count, long loadAccepted, long probesAccepted)
    {
        crowd.AcceptedElsewhere(loadAccepted, probesAccepted);
        try
        {
            await crowd.AddViewersAsync(count, factory, http);
            return new { viewers = crowd.Viewers.Count };
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            return new { viewers = crowd.Viewers.Count, error = exception.Message };
        }
    }

    private static object Expect(Crowd crowd, long start, double perSecond, int count)
    {
        crowd.ProbeLatency = new LatencyRecorder();
        crowd.FrameLatency = new LatencyRecorder();
        crowd.ExpectProbes(start, perSecond, count);
        return new { delivered = crowd.Totals.DeliveredCount };
    }

    private static long Missing(Crowd crowd, long loadAccepted, long probesAccepted) =>
        crowd.Viewers.Where(v => v.Connection.IsOpen).Sum(v => Math.Max(0, v.Missing(loadAccepted, probesAccepted)));

    private static WorkerFigures Check(Crowd crowd, long loadAccepted, long probesAccepted)
    {
        crowd.AcceptedElsewhere(loadAccepted, probesAccepted);
        var (lost, duplicated, closed) = crowd.Check();
        return new WorkerFigures(crowd.Viewers.Count, lost, duplicated, closed, crowd.OutOfOrder, crowd.Totals.DeliveredCount,
            crowd.ProbeLatency.Values(), crowd.FrameLatency.Values());
    }

    /// <summary>Votes on the schedule, every vote awaited: what was acknowledged per option, when the last acknowledgement came, and each vote's latency from its due time.</summary>
    internal static async Task<VoteFigures> VoteAsync(Crowd crowd, string pollId, long start, double perSecond, double seconds, int options)
    {
        var acknowledged = new int[options];
        var latency = new LatencyRecorder();
        long errors = 0, lastAcknowledged = 0;
        var votes = new List<Task>();
        await ArrivalSchedule.RunAsync(start, perSecond, TimeSpan.FromSeconds(seconds), (scheduled, k) =>
            votes.Add(VoteOnceAsync(crowd.Viewers[(int)(k % crowd.Viewers.Count)], (int)(k % options), scheduled)));
        await Task.WhenAll(votes);
        return new VoteFigures(acknowledged, lastAcknowledged, errors, latency.Values());

        async Task VoteOnceAsync(Viewer viewer, int option, long scheduled)
        {
            try
            {
                Interlocked.Increment(ref acknowledged[await viewer.Connection.VoteAsync(pollId, option)]);
                latency.RecordSince(scheduled);
                var now = Stopwatch.GetTimestamp();
                for (var last = Interlocked.Read(ref lastAcknowledged); now > last; last = Interlocked.Read(ref lastAcknowledged))
                {
                    if (Interlocked.CompareExchange(ref lastAcknowledged, now, last) == last)
                    {
                        break;
                    }
                }
            }
            catch (LoadCallException exception)
            {
                Interlocked.Increment(ref errors);
                crowd.Failed(exception);
            }
        }
    }

    private static double Double(string word) => double.Parse(word, CultureInfo.InvariantCulture);

    private static int Int(string word) => int.Parse(word, CultureInfo.InvariantCulture);

    private static long Long(string word) => long.Parse(word, CultureInfo.InvariantCulture);
}

/// <summary>
/// A worker's figures at the end of a window: its viewers, what they lost or saw twice, connections closed, messages
/// delivered to them since the worker started, and the latencies they recorded as (microseconds, count) pairs.
/// </summary>
internal sealed record WorkerFigures(int Viewers, long Lost, long Duplicated, long Closed, long OutOfOrder, long Delivered, long[][] Probe, long[][] Frame);

/// <summary>
/// A worker's votes: acknowledged per option, the Stopwatch timestamp of the last acknowledgement (the machine's
/// monotonic clock, the same in every process), calls refused or lost, and latencies as (microseconds, count) pairs.
/// </summary>
internal sealed record VoteFigures(int[] Acknowledged, long LastAcknowledged, long Errors, long[][] Latency);
