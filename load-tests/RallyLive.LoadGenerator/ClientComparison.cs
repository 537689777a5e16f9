using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RallyLive.LoadGenerator;

/// <summary>A viewer connection as the client comparison drives it, over the lean client or the official one.</summary>
internal interface IComparedViewer : IAsyncDisposable
{
    bool IsOpen { get; }

    /// <summary>Sends one reaction of <paramref name="kind"/>; returns how many the server accepted.</summary>
    Task<int> ReactAsync(string kind, CancellationToken cancellationToken);
}

/// <summary>
/// The <c>clients</c> command: opens <c>--connections</c> viewers of one new rally's stream with one client
/// (<c>--client lean|official</c>), each connecting and calling JoinStream as a viewer of the load tests does, holds
/// them idle for <c>--idle-s</c>, then sends <c>--probes</c> probe reactions (one a second, from the first viewer)
/// that every viewer must receive. It measures this process: connections made, failed attempts, time to connect all,
/// RSS (VmRSS) and managed heap, and CPU seconds while connecting and while idle; and appends the figures as one
/// JSON line to <c>--out</c>. One process per run, so that each run's memory starts from the same point.
/// </summary>
internal static class ClientComparison
{
    private const int Attempts = 3;

    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var client = options["client"];
        if (client is not ("lean" or "official"))
        {
            await Console.Error.WriteLineAsync("--client must be lean or official");
            return 2;
        }

        var count = int.Parse(options["connections"], CultureInfo.InvariantCulture);
        var idle = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("idle-s", "20"), CultureInfo.InvariantCulture));
        var probes = int.Parse(options.GetValueOrDefault("probes", "5"), CultureInfo.InvariantCulture);
        var budget = TimeSpan.FromSeconds(double.Parse(options.GetValueOrDefault("connect-budget-s", "300"), CultureInfo.InvariantCulture));
        var target = new RallyLiveTarget(new Uri(options["server"]), int.Parse(options["server-pid"], CultureInfo.InvariantCulture));

        // The rally and the viewer tokens, as the suite gets them; their HTTP connections are closed before measuring.
        RallyHandle rally;
        string[] tokens;
        using (var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { Timeout = TimeSpan.FromSeconds(60) })
        {
            rally = await target.CreateRallyAsync(http, 0);
            tokens = await target.ViewerTokensAsync(http, rally, 0, count, 32);
        }

        var loadAtStart = ProcessSampler.LoadAverage();
        var self = new ProcessSampler(Environment.ProcessId);
        await using var sockets = new ConnectionFactory();
        var probe = new ProbeTracker(count, probes);
        var viewers = new IComparedViewer?[count];
        long failedAttempts = 0;
        string? firstError = null;
        var note = string.Empty;

        var heapBefore = GC.GetTotalMemory(forceFullCollection: true);
        var before = Sample.Take(self, target.Process);
        using (var connecting = new CancellationTokenSource(budget))
        {
            try
            {
                await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = 32, CancellationToken = connecting.Token }, async (i, cancellationToken) =>
                {
                    for (var attempt = 1; attempt <= Attempts && viewers[i] is null; attempt++)
                    {
                        try
                        {
                            var url = target.ViewerHubUrl(rally, tokens[i]);
                            viewers[i] = client == "lean"
                                ? await LeanViewer.ConnectAsync(sockets, url, i, frame => probe.OnFrame(i, frame), cancellationToken)
                                : await OfficialViewerConnection.ConnectAsync(sockets, url, i, frame => probe.OnFrame(i, frame), cancellationToken);
                        }
                        catch (Exception exception) when (exception is not OutOfMemoryException && !cancellationToken.IsCancellationRequested)
                        {
                            Interlocked.Increment(ref failedAttempts);
                            Interlocked.CompareExchange(ref firstError, $"{exception.GetType().Name}: {exception.Message}", null);
                            if (attempt < Attempts)
                            {
                                // A reconnecting viewer's pause, as the crowd's; not a wait for an event.
                                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                            }
                        }
                    }
                });
            }
            catch (Exception) when (connecting.IsCancellationRequested)
            {
                note = $"connect budget of {budget.TotalSeconds:0} s spent";
            }
        }

        var connected = Sample.Take(self, target.Process);
        var established = viewers.Count(v => v is not null);
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {client}: {established:N0} of {count:N0} connected in {connected.Seconds - before.Seconds:N1} s; holding them {idle.TotalSeconds:0} s");
        await Task.Delay(idle); // The idle hold being measured.
        var idled = Sample.Take(self, target.Process);
        var heapIdle = GC.GetTotalMemory(forceFullCollection: true);
        var open = viewers.OfType<IComparedViewer>().Where(v => v.IsOpen).ToArray();

        if (open.Length > 0 && probes > 0)
        {
            await probe.SendAsync(open[0], open.Length);
        }

        await Parallel.ForEachAsync(viewers.OfType<IComparedViewer>(), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (v, _) => await v.DisposeAsync());

        var run = new ClientRun(client, count, established, failedAttempts, firstError, open.Length,
            connected.Seconds - before.Seconds, idled.Seconds - connected.Seconds,
            before.Rss, connected.Rss, idled.Rss, heapBefore, heapIdle,
            connected.Cpu - before.Cpu, idled.Cpu - connected.Cpu, connected.ServerCpu - before.ServerCpu, idled.ServerCpu - connected.ServerCpu,
            probes, probe.Expected, probe.Latency.Summary(), probe.Errors, loadAtStart, note);
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} {client}: {run.KiBPerConnection:N1} KiB and {run.CpuMsPerConnection:N2} CPU-ms per connection, idle {run.IdleCpuPerSecond:N3} CPU-s/s, probes {run.ProbeLatency.Count:N0} of {run.ProbesExpected:N0} (p99 {run.ProbeLatency.P99Ms:N1} ms){(firstError is null ? "" : $", first error: {firstError}")}");
        await File.AppendAllTextAsync(options["out"], JsonSerializer.Serialize(run, ClientRun.Json) + Environment.NewLine);
        return 0;
    }

    /// <summary>This process's RSS and CPU time and the server's CPU time (NaN once the server has exited), at one moment.</summary>
    private sealed record Sample(double Seconds, long Rss, double Cpu, double ServerCpu)
    {
        public static Sample Take(ProcessSampler self, ProcessSampler server) =>
            new(Stopwatch.GetTimestamp() / (double)Stopwatch.Frequency, self.ResidentBytes(), self.CpuSeconds(), File.Exists($"/proc/{server.Pid}/stat") ? server.CpuSeconds() : double.NaN);
    }

    /// <summary>The lean client's viewer: <see cref="LoadConnection"/> and the crowd's own JoinStream call.</summary>
    private sealed class LeanViewer(LoadConnection connection) : IComparedViewer
    {
        public bool IsOpen => connection.IsOpen;

        public static async Task<LeanViewer> ConnectAsync(ConnectionFactory sockets, Uri hubUrl, int index, Action<JsonElement> onFrame, CancellationToken cancellationToken)
        {
            var connection = await sockets.ConnectAsync(hubUrl, (_, target, arguments) =>
            {
                if (target == "ReactionBurst")
                {
                    onFrame(arguments[1]);
                }
            }, cancellationToken: cancellationToken);
            try
            {
                await connection.InvokeAsync("JoinStream", Crowd.JoinArgument(index), cancellationToken);
            }
            catch
            {
                await connection.DisposeAsync();
                throw;
            }

            return new LeanViewer(connection);
        }

        public async Task<int> ReactAsync(string kind, CancellationToken cancellationToken) =>
            (await connection.InvokeAsync("React", $"{{\"streamId\":\"{Crowd.StreamId}\",\"counts\":{{\"{kind}\":1}}}}", cancellationToken)).GetProperty("accepted").GetInt32();

        public ValueTask DisposeAsync() => connection.DisposeAsync();
    }

    /// <summary>
    /// Probe reactions (<see cref="Crowd.ProbeKind"/>, one a second from one viewer) and their arrival at every viewer:
    /// the latency from each probe's scheduled send to its frame at each viewer.
    /// </summary>
    private sealed class ProbeTracker(int viewers, int probes)
    {
        private readonly long[] _scheduled = new long[probes];
        private readonly int[] _seen = new int[viewers];
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private long _expected = long.MaxValue;
        private long _delivered;
        private long _errors;

        public LatencyRecorder Latency { get; } = new();

        public long Expected => Volatile.Read(ref _expected) == long.MaxValue ? 0 : _expected;

        public long Errors => Interlocked.Read(ref _errors);

        /// <summary>Called on viewer <paramref name="viewer"/>'s receive loop for each ReactionBurst frame.</summary>
        public void OnFrame(int viewer, JsonElement frame)
        {
            if (!frame.GetProperty("reactions").TryGetProperty(Crowd.ProbeKind, out var count))
            {
                return;
            }

            var now = Stopwatch.GetTimestamp();
            for (var k = count.GetInt32(); k > 0; k--)
            {
                var index = _seen[viewer]++;
                if (index < _scheduled.Length && Volatile.Read(ref _scheduled[index]) is var scheduled and > 0)
                {
                    Latency.RecordMicroseconds(LatencyRecorder.ElapsedMicroseconds(scheduled, now));
                }

                if (Interlocked.Increment(ref _delivered) >= Volatile.Read(ref _expected))
                {
                    _all.TrySetResult();
                }
            }
        }

        /// <summary>Sends the probes from <paramref name="sender"/> at one a second, then waits until all <paramref name="receivers"/> have every one (10 s at most).</summary>
        public async Task SendAsync(IComparedViewer sender, int receivers)
        {
            Volatile.Write(ref _expected, (long)receivers * _scheduled.Length);
            await ArrivalSchedule.RunAsync(1, TimeSpan.FromSeconds(_scheduled.Length), (scheduled, k) =>
            {
                Volatile.Write(ref _scheduled[k], scheduled);
                SendOneAsync(sender).Forget();
            });
            try
            {
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // Reported as fewer probes received than expected.
            }
        }

        private async Task SendOneAsync(IComparedViewer sender)
        {
            try
            {
                if (await sender.ReactAsync(Crowd.ProbeKind, CancellationToken.None) != 1)
                {
                    Interlocked.Increment(ref _errors);
                }
            }
            catch (Exception exception) when (exception is not OutOfMemoryException)
            {
                Interlocked.Increment(ref _errors);
            }
        }
    }
}

/// <summary>The figures of one run of the <c>clients</c> command (bytes, seconds; CPU is user plus system).</summary>
internal sealed record ClientRun(
    string Client,
    int Asked,
    int Established,
    long FailedAttempts,
    string? FirstError,
    int OpenAfterIdle,
    double ConnectSeconds,
    double IdleSeconds,
    long RssBefore,
    long RssConnected,
    long RssIdle,
    long HeapBefore,
    long HeapIdle,
    double CpuConnecting,
    double CpuIdle,
    double ServerCpuConnecting,
    double ServerCpuIdle,
    int Probes,
    long ProbesExpected,
    LatencySummary ProbeLatency,
    long ProbeErrors,
    string LoadAtStart,
    string Note)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    /// <summary>Growth of the process's RSS from before connecting to the end of the idle hold, per connection made.</summary>
    public double KiBPerConnection => Established > 0 ? (RssIdle - RssBefore) / 1024.0 / Established : 0;

    /// <summary>Growth of the managed heap (after a full collection) over the same span, per connection made.</summary>
    public double HeapKiBPerConnection => Established > 0 ? (HeapIdle - HeapBefore) / 1024.0 / Established : 0;

    public double CpuMsPerConnection => Established > 0 ? CpuConnecting * 1000 / Established : 0;

    public double ConnectsPerSecond => ConnectSeconds > 0 ? Established / ConnectSeconds : 0;

    /// <summary>CPU-seconds per second while idle (1.0 is one core busy).</summary>
    public double IdleCpuPerSecond => IdleSeconds > 0 ? CpuIdle / IdleSeconds : 0;
}
