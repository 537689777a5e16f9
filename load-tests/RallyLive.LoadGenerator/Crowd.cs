using System.Globalization;
using System.Text.Json;

namespace RallyLive.LoadGenerator;

/// <summary>
/// The viewers of one stream of one rally, and what was sent to them: reactions of the load kinds (accepted counts,
/// which every viewer must see exactly), probes (one reaction of <see cref="ProbeKind"/> at a scheduled time, whose
/// arrival at each viewer is a reaction-to-viewer latency) and chat messages carrying their schedule index.
/// </summary>
internal sealed class Crowd(Target target, RallyHandle rally, LoadTotals totals, int maxProbes = 4096)
{
    /// <summary>The kind only probes use; the load uses <see cref="LoadKinds"/>, and the Node clients their own kind.</summary>
    public const string ProbeKind = "question";

    public const string StreamId = "stage";

    private static readonly string[] LoadKinds = ["cheer", "clap", "love"];

    /// <summary>The batches of one, two and three taps the load sends (each of the load kinds).</summary>
    private static readonly IReadOnlyDictionary<string, int>[] SmallBatches =
    [
        new Dictionary<string, int> { ["cheer"] = 1 },
        new Dictionary<string, int> { ["cheer"] = 1, ["clap"] = 1 },
        new Dictionary<string, int> { ["cheer"] = 2, ["love"] = 1 },
    ];

    private static readonly IReadOnlyDictionary<string, int> Probe = new Dictionary<string, int> { [ProbeKind] = 1 };

    private readonly long[] _probeTimes = new long[maxProbes];
    private int _probesScheduled;
    private long _probesAccepted;
    private long _loadAccepted;
    private long _errors;
    private long _otherChatDelivered;
    private long _chatAccepted;
    private string? _firstError;

    public Target Target { get; } = target;

    public RallyHandle Rally { get; } = rally;

    public LoadTotals Totals { get; } = totals;

    public List<Viewer> Viewers { get; } = [];

    /// <summary>Where probe arrivals are recorded (replaced for each measurement window).</summary>
    public LatencyRecorder ProbeLatency { get; set; } = new();

    /// <summary>Probe arrivals again, by when each probe was due (set for a window, or none).</summary>
    public LatencySlices? ProbeLatencySlices { get; set; }

    /// <summary>
    /// Where each frame's delivery is recorded: from the frame's own time (<c>at</c>, stamped by the server when its
    /// tick made the frame; same clock, same machine) to its arrival at a viewer. This leaves out the wait for the
    /// tick, which <see cref="ProbeLatency"/> includes.
    /// </summary>
    public LatencyRecorder FrameLatency { get; set; } = new();

    /// <summary>Schedule of chat messages (Stopwatch timestamps by index) and where their arrivals are recorded.</summary>
    public ChatSchedule? Chat { get; set; }

    /// <summary>Messages received with a lower sequence number than an earlier one, over all viewers (at the last <see cref="Check"/>).</summary>
    public long OutOfOrder { get; private set; }

    public long LoadAccepted => Interlocked.Read(ref _loadAccepted);

    public long ProbesAccepted => Interlocked.Read(ref _probesAccepted);

    public long Errors => Interlocked.Read(ref _errors);

    public string? FirstError => _firstError;

    public static bool IsLoadKind(string kind) => Array.IndexOf(LoadKinds, kind) >= 0;

    /// <summary>
    /// Opens <paramref name="count"/> more viewers: a token each, a connection, and JoinStream. A viewer whose connection
    /// fails (a busy server cancels handshakes after 5 s) tries twice more, a second apart, as a reconnecting client
    /// would. With <paramref name="clientAddress"/>, viewer i calls from the address it names, as a trusted proxy would say. The viewers that joined are kept; if any could not, the first error is thrown after they are added.
    /// </summary>
    public async Task AddViewersAsync(int count, ConnectionFactory factory, HttpClient http, int parallelism = 32, Func<int, string>? clientAddress = null)
    {
        const int attempts = 3;
        var first = Viewers.Count;
        var tokens = await Target.ViewerTokensAsync(http, Rally, first, count, parallelism, clientAddress);
        var added = new Viewer?[count];
        Exception? failure = null;
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (i, cancellationToken) =>
        {
            for (var attempt = 1; attempt <= attempts && added[i] is null; attempt++)
            {
                var viewer = new Viewer(this, first + i);
                try
                {
                    viewer.Connection = await factory.ConnectAsync(Target.ViewerHubUrl(Rally, tokens[i]), viewer.OnMessage, clientAddress?.Invoke(first + i), cancellationToken);
                    await viewer.Connection.JoinStreamAsync(first + i, cancellationToken);
                    // Viewers join between traffic windows, so nothing is in flight: they are owed what is accepted from now on.
                    viewer.Joined(LoadAccepted, ProbesAccepted, Math.Min(Volatile.Read(ref _probesScheduled), _probeTimes.Length));
                    added[i] = viewer;
                }
                catch (LoadCallException exception)
                {
                    if (viewer.Connection is not null)
                    {
                        await viewer.Connection.DisposeAsync();
                    }

                    if (attempt == attempts)
                    {
                        Interlocked.CompareExchange(ref failure, exception, null);
                    }
                    else
                    {
                        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                    }
                }
            }
        });
        Viewers.AddRange(added.OfType<Viewer>());
        if (failure is not null)
        {
            throw new LoadCallException($"{count - added.Count(v => v is not null):N0} of {count:N0} viewers could not join: {failure.Message}");
        }
    }

    /// <summary>Sends a batch of load reactions from <paramref name="viewer"/>; the ack latency is measured from <paramref name="scheduled"/>.</summary>
    public async Task ReactAsync(Viewer viewer, int taps, long scheduled, LatencyRecorder? ackLatency)
    {
        var counts = taps <= SmallBatches.Length ? SmallBatches[taps - 1] : new Dictionary<string, int> { ["cheer"] = taps };
        try
        {
            Interlocked.Add(ref _loadAccepted, await viewer.Connection.ReactAsync(counts));
            ackLatency?.RecordSince(scheduled);
        }
        catch (LoadCallException exception)
        {
            Failed(exception);
        }
    }

    /// <summary>
    /// Sends one probe reaction, scheduled at <paramref name="scheduled"/>, from <paramref name="from"/> or the crowd's
    /// first viewer. One sender's calls are run one at a time, so while the server takes longer than a second to answer
    /// a call (an overload), probes from one viewer queue behind each other: spread them over viewers then.
    /// </summary>
    public async Task ProbeAsync(long scheduled, Viewer? from = null)
    {
        var index = Interlocked.Increment(ref _probesScheduled) - 1;
        if (index >= _probeTimes.Length)
        {
            return;
        }

        Volatile.Write(ref _probeTimes[index], scheduled);
        try
        {
            await (from ?? Viewers[0]).Connection.ReactAsync(Probe);
            Interlocked.Increment(ref _probesAccepted);
        }
        catch (LoadCallException exception)
        {
            Failed(exception);
        }
    }

    /// <summary>
    /// For viewers held here while another process sends (<see cref="CrowdWorker"/>): what it has had accepted so far,
    /// so that viewers joining now are owed only what comes after, and <see cref="Check"/> counts against its totals.
    /// </summary>
    public void AcceptedElsewhere(long loadAccepted, long probesAccepted)
    {
        Interlocked.Exchange(ref _loadAccepted, loadAccepted);
        Interlocked.Exchange(ref _probesAccepted, probesAccepted);
    }

    /// <summary>
    /// Probes another process sends on a schedule (<see cref="ArrivalSchedule"/> from <paramref name="start"/> at
    /// <paramref name="perSecond"/>, <paramref name="count"/> of them), after those already scheduled: their arrivals
    /// here are reaction-to-viewer latencies, since a Stopwatch timestamp is the same clock in every process.
    /// </summary>
    public void ExpectProbes(long start, double perSecond, int count)
    {
        var interval = ArrivalSchedule.Interval(perSecond);
        for (var k = 0; k < count; k++)
        {
            var index = Interlocked.Increment(ref _probesScheduled) - 1;
            if (index < _probeTimes.Length)
            {
                Volatile.Write(ref _probeTimes[index], start + (long)(k * interval));
            }
        }
    }

    /// <summary>Chat messages the server took from this crowd's viewers (<see cref="SendChatAsync"/>).</summary>
    public long ChatAccepted => Interlocked.Read(ref _chatAccepted);

    /// <summary>Sends a chat message from <paramref name="viewer"/>: counted in <see cref="ChatAccepted"/> when the server takes it, in <see cref="Errors"/> when not.</summary>
    public async Task SendChatAsync(Viewer viewer, string text)
    {
        try
        {
            await viewer.Connection.SendChatAsync(text);
            Interlocked.Increment(ref _chatAccepted);
        }
        catch (LoadCallException exception)
        {
            Failed(exception);
        }
    }

    /// <summary>A viewer saw its <paramref name="index"/>-th probe at <paramref name="now"/>.</summary>
    public void OnProbeDelivered(int index, long now)
    {
        if (index < _probeTimes.Length && Volatile.Read(ref _probeTimes[index]) is var scheduled and > 0)
        {
            var latency = LatencyRecorder.ElapsedMicroseconds(scheduled, now);
            ProbeLatency.RecordMicroseconds(latency);
            ProbeLatencySlices?.Record(scheduled, latency);
        }
    }

    /// <summary>Chat messages delivered to viewers that are not in <see cref="Chat"/>'s schedule (someone else's).</summary>
    public long OtherChatDelivered => Interlocked.Read(ref _otherChatDelivered);

    public void OnChatDelivered(string text)
    {
        if (Chat?.Delivered(text) != true)
        {
            Interlocked.Increment(ref _otherChatDelivered);
        }
    }

    public void Failed(Exception exception)
    {
        Interlocked.Increment(ref _errors);
        Interlocked.CompareExchange(ref _firstError, exception.Message, null);
    }

    /// <summary>Waits until every viewer has seen every accepted reaction and probe, or <paramref name="timeout"/> passes.</summary>
    public async Task DrainAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline && Viewers.Any(v => v.Connection.IsOpen && v.Missing(LoadAccepted, ProbesAccepted) > 0))
        {
            await Task.Delay(100);
        }

        // One more tick, so that a duplicate sent after the last expected frame would be seen.
        await Task.Delay(300);
    }

    /// <summary>Counts lost (a viewer saw fewer than were accepted, or lost its connection) and duplicated (more, or a sequence repeated).</summary>
    public (long Lost, long Duplicated, long Closed) Check()
    {
        long lost = 0, duplicated = 0, closed = 0;
        OutOfOrder = Viewers.Sum(v => v.OutOfOrder);
        foreach (var viewer in Viewers)
        {
            closed += viewer.Connection.IsOpen ? 0 : 1;
            var missing = viewer.Missing(LoadAccepted, ProbesAccepted);
            lost += Math.Max(0, missing);
            duplicated += Math.Max(0, -missing) + viewer.Duplicates;
        }

        return (lost, duplicated, closed);
    }

    public async Task CloseAsync()
    {
        await Parallel.ForEachAsync(Viewers, new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (v, _) => await v.Connection.DisposeAsync());
        Viewers.Clear();
    }
}

/// <summary>Messages delivered to every viewer of the run, for delivered messages per server CPU-second.</summary>
internal sealed class LoadTotals
{
    private long _delivered;

    public long DeliveredCount => Interlocked.Read(ref _delivered);

    public void Delivered() => Interlocked.Increment(ref _delivered);
}

/// <summary>Chat messages sent with their schedule index in the text, and the latency of each arrival at a viewer.</summary>
internal sealed class ChatSchedule(int capacity, string prefix = "load chat ")
{
    private readonly long[] _scheduled = new long[capacity];
    private long _delivered;

    public LatencyRecorder Latency { get; } = new();

    /// <summary>Arrivals of this schedule's messages, over all viewers.</summary>
    public long DeliveredCount => Interlocked.Read(ref _delivered);

    public int Capacity => _scheduled.Length;

    public string Text(int index, long scheduled)
    {
        Volatile.Write(ref _scheduled[index], scheduled);
        return prefix + index.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Records the arrival of <paramref name="text"/> if it is one of this schedule's messages, and says whether it was.</summary>
    public bool Delivered(string text)
    {
        if (text.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            && index < _scheduled.Length && Volatile.Read(ref _scheduled[index]) is var scheduled and > 0)
        {
            Latency.RecordSince(scheduled);
            Interlocked.Increment(ref _delivered);
            return true;
        }

        return false;
    }

}
