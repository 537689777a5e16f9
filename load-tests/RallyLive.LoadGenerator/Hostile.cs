using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RallyLive.LoadGenerator;

/// <summary>
/// One attacker beside an honest crowd. The honest viewers, each at an address of their own (named in
/// <c>X-Forwarded-For</c>: the server must trust the generator as its proxy), react, chat and carry a probe reaction a
/// second through three windows of equal length: on their own, while one machine attacks the same stream
/// (<see cref="Attacker"/>), and on their own again, so that the two windows alone show how much the same load varies. Writes <c>hostile.md</c>: the honest viewers' latencies and chat in each window side
/// by side, and what the attacker sent and was refused.
/// </summary>
internal static class Hostile
{
    public static async Task<int> RunAsync(Dictionary<string, string> options)
    {
        var viewers = options.Int("viewers", 2000);
        var window = TimeSpan.FromSeconds(options.Int("seconds", 60));
        var chatPerSecond = options.Number("chat-per-second", 8);
        var reactionsPerViewerPerMinute = options.Number("reactions-per-viewer-per-minute", 6);
        var plan = AttackPlan.From(options);
        var directory = options["out"];
        Directory.CreateDirectory(directory);

        var target = new RallyLiveTarget(new Uri(options["server"]), options.Int("server-pid", 0));
        await using var factory = new ConnectionFactory();
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 });
        var crowd = new Crowd(target, await target.CreateRallyAsync(http, 0), new LoadTotals(), maxProbes: 3 * (int)window.TotalSeconds + 600);
        await crowd.AddViewersAsync(viewers, factory, http, clientAddress: HonestAddress);
        Console.WriteLine($"{DateTime.UtcNow:HH:mm:ss} hostile: {viewers:N0} honest viewers joined; {WarmUp.TotalSeconds:N0} s warm-up, {window.TotalSeconds:N0} s alone, {window.TotalSeconds:N0} s beside the attacker, {window.TotalSeconds:N0} s alone again");

        // A window not counted first: a server that has just taken 2,000 connections is still compiling its hot paths and
        // settling its heap, which made the first window alone the slowest of the three.
        await HonestWindowAsync(crowd, "warm-up", WarmUp, chatPerSecond, reactionsPerViewerPerMinute);
        var alone = await HonestWindowAsync(crowd, "alone", window, chatPerSecond, reactionsPerViewerPerMinute);
        WindowResult attacked;
        AttackerFigures attacker;
        // The attacker in a process of its own at the lowest CPU priority: a machine of its own, whose work is not taken
        // from the server's or the honest crowd's share of the two cores (what it costs the server still is).
        await using (var attackerProcess = WorkerProcess.Start(["attacker", "--server", options["server"], "--rally", crowd.Rally.RallyId,
            "--key", crowd.Rally.OrganiserKey, "--address", AttackerAddress, .. plan.Arguments()], lowestPriority: true))
        {
            await attackerProcess.AskAsync("start");
            attacked = await HonestWindowAsync(crowd, "attacked", window, chatPerSecond, reactionsPerViewerPerMinute);
            attacker = (await attackerProcess.AskAsync("stop")).Deserialize<AttackerFigures>(SpreadCrowd.Json)!;
        }

        // Alone again once the attacker's connections are gone: two windows alone show how much the same load varies.
        var aloneAgain = await HonestWindowAsync(crowd, "again", window, chatPerSecond, reactionsPerViewerPerMinute);

        var report = Report(viewers, window, chatPerSecond, reactionsPerViewerPerMinute, plan, alone, attacked, aloneAgain, attacker);
        await File.WriteAllTextAsync(Path.Combine(directory, "hostile.md"), report);
        Console.Write(report);
        await crowd.CloseAsync();
        return Holds(alone, attacked, aloneAgain) ? 0 : 1;
    }

    /// <summary>
    /// Command <c>attacker</c>, which <see cref="RunAsync"/> starts: the attacker of <c>--rally</c> on <c>--server</c>
    /// (<see cref="AttackPlan.From"/> reads how hard it pushes), in a process of its own. A line <c>start</c> on its
    /// standard input starts the attack and <c>stop</c> ends it; each is answered with a line of JSON, the second with
    /// the attacker's figures (<see cref="AttackerFigures"/>).
    /// </summary>
    public static async Task<int> AttackAsync(Dictionary<string, string> options)
    {
        var target = new RallyLiveTarget(new Uri(options["server"]), 0);
        // Its sockets from an address of its own: the honest crowd's process binds 127.0.0.2 and 3.
        await using var factory = new ConnectionFactory(firstSourceAddress: 9);
        var attacker = new Attacker(target, new RallyHandle(options["rally"], options["key"]), factory, options["address"]);
        using var stop = new CancellationTokenSource();
        var attack = Task.CompletedTask;
        while (await Console.In.ReadLineAsync() is { } line)
        {
            object answer;
            switch (line)
            {
                case "start":
                    attack = attacker.RunAsync(AttackPlan.From(options), stop.Token);
                    answer = new { started = true };
                    break;
                case "stop":
                    await stop.CancelAsync();
                    await attack;
                    answer = attacker.Figures();
                    break;
                default:
                    answer = new { error = $"unknown request {line}" };
                    break;
            }

            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(answer, SpreadCrowd.Json));
            await Console.Out.FlushAsync();
        }

        return 0;
    }

    /// <summary>The honest crowd's traffic before the first window that counts.</summary>
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(20);

    /// <summary>The part of a window whose p99 the report shows beside the window's: where in it the tail comes from.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(10);

    /// <summary>The attacker's one machine.</summary>
    public const string AttackerAddress = "203.0.113.66";

    /// <summary>Honest viewer i's address: one each, as a crowd at home or on phones has.</summary>
    private static string HonestAddress(int i) => new IPAddress([10, (byte)((i + 1) >> 16), (byte)((i + 1) >> 8), (byte)(i + 1)]).ToString();

    /// <summary>Honest viewers' p99 latency and chat delivered within 10% of the windows alone (their mean).</summary>
    private static bool Holds(WindowResult alone, WindowResult attacked, WindowResult aloneAgain) =>
        attacked.Probe.P99Ms <= Baseline(alone, aloneAgain) * 1.1
        && attacked.ChatDeliveredShare >= Math.Min(alone.ChatDeliveredShare, aloneAgain.ChatDeliveredShare) * 0.9;

    private static double Baseline(WindowResult alone, WindowResult aloneAgain) => (alone.Probe.P99Ms + aloneAgain.Probe.P99Ms) / 2;

    private static async Task<WindowResult> HonestWindowAsync(Crowd crowd, string name, TimeSpan window, double chatPerSecond, double reactionsPerViewerPerMinute)
    {
        CommandLine.Log($"hostile: window {name} ({window.TotalSeconds:N0} s)");
        var viewers = crowd.Viewers.Count;
        var chat = crowd.Chat = new ChatSchedule((int)(chatPerSecond * window.TotalSeconds) + 16, $"{name} chat ");
        crowd.ProbeLatency = new LatencyRecorder();
        var chatAcceptedBefore = crowd.ChatAccepted;
        var otherChatBefore = crowd.OtherChatDelivered;
        var cpuBefore = crowd.Target.Process.CpuSeconds();
        var started = Stopwatch.GetTimestamp();
        crowd.ProbeLatencySlices = new LatencySlices(started, Slice, (int)Math.Ceiling(window / Slice));

        var reactions = ArrivalSchedule.RunAsync(viewers * reactionsPerViewerPerMinute / 60, window,
            (scheduled, k) => crowd.ReactAsync(crowd.Viewers[1 + (int)(k * 7919 % (viewers - 1))], 1, scheduled, null).Forget());
        var probes = ArrivalSchedule.RunAsync(1, window, (scheduled, _) => crowd.ProbeAsync(scheduled).Forget());
        var messages = ArrivalSchedule.RunAsync(chatPerSecond, window, (scheduled, k) => crowd.SendChatAsync(crowd.Viewers[1 + (int)(k * 104729 % (viewers - 1))], chat.Text((int)k, scheduled)).Forget());
        await Task.WhenAll(reactions, probes, messages);
        var cpu = crowd.Target.Process.CpuSeconds() - cpuBefore;
        var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;

        // Until every honest viewer has seen every accepted reaction and probe, and a tick more: what was in flight has come.
        await crowd.DrainAsync(TimeSpan.FromSeconds(15));
        var honestDelivered = chat.DeliveredCount;
        var otherDelivered = crowd.OtherChatDelivered - otherChatBefore;
        var chatAccepted = crowd.ChatAccepted - chatAcceptedBefore;
        return new WindowResult(crowd.ProbeLatency.Summary(), crowd.ProbeLatencySlices.Summaries(), chat.Latency.Summary(), chatAccepted,
            chatAccepted == 0 ? 0 : honestDelivered / (double)(chatAccepted * viewers),
            honestDelivered + otherDelivered == 0 ? 0 : honestDelivered / (double)(honestDelivered + otherDelivered),
            cpu / elapsed, crowd.Target.Process.ResidentBytes() / 1e6, crowd.Errors);
    }

    private static string Report(int viewers, TimeSpan window, double chatPerSecond, double reactionsPerViewerPerMinute, AttackPlan plan,
        WindowResult alone, WindowResult attacked, WindowResult again, AttackerFigures attacker)
    {
        static string Slices(WindowResult window) => string.Join(" · ", window.ProbeBySlice.Select(s => s.P99Ms.ToString("N0", CultureInfo.InvariantCulture)));
        static string Change(double before, double after) => before == 0 ? "" : $" ({(after - before) / before:+0%;-0%;0%})";
        var holds = Holds(alone, attacked, again);
        var baseline = Baseline(alone, again);
        var outcomes = attacker.Outcomes.OrderBy(o => o.Key, StringComparer.Ordinal)
            .Select(o => $"| {o.Key.Split(':')[0]} | {o.Key.Split(':')[1]} | {o.Value:N0} |");
        return string.Create(CultureInfo.InvariantCulture, $"""
            Honest crowd: {viewers:N0} viewers of one stream, each at an address of their own, {reactionsPerViewerPerMinute} reactions per viewer per
            minute, {chatPerSecond} chat messages a second among them, and a probe reaction a second; {WarmUp.TotalSeconds:N0} s not counted (a warm-up), then
            {window.TotalSeconds:N0} s alone, then {window.TotalSeconds:N0} s beside the attacker, then {window.TotalSeconds:N0} s alone again. The attacker is one machine ({AttackerAddress}): it mints viewer tokens as fast as
            the server lets it (up to {plan.Tokens:N0}), opens a connection on each and {plan.ConnectionsOnOneToken} more on its first token,
            and on every connection sends {plan.CallsPerSecondPerConnection} calls a second in turn: a chat message, a batch of five
            "boo" reactions, a report of a message it has seen and a report of a message that does not exist. A connection the
            server closes comes back on a new token as soon as the server mints one.

            | honest viewers | alone | beside the attacker | alone again |
            |---|---|---|---|
            | p50 / p99 reaction to viewer | {alone.Probe.P50Ms:N0} / {alone.Probe.P99Ms:N0} ms | {attacked.Probe.P50Ms:N0} / **{attacked.Probe.P99Ms:N0} ms**{Change(baseline, attacked.Probe.P99Ms)} | {again.Probe.P50Ms:N0} / {again.Probe.P99Ms:N0} ms |
            | p99 reaction to viewer, each {Slice.TotalSeconds:N0} s | {Slices(alone)} ms | {Slices(attacked)} ms | {Slices(again)} ms |
            | p50 / p99 chat message to viewer | {alone.Chat.P50Ms:N0} / {alone.Chat.P99Ms:N0} ms | {attacked.Chat.P50Ms:N0} / {attacked.Chat.P99Ms:N0} ms | {again.Chat.P50Ms:N0} / {again.Chat.P99Ms:N0} ms |
            | chat messages accepted | {alone.ChatAccepted:N0} | {attacked.ChatAccepted:N0} | {again.ChatAccepted:N0} |
            | of those, delivered to every viewer | {alone.ChatDeliveredShare:P1} | **{attacked.ChatDeliveredShare:P1}** | {again.ChatDeliveredShare:P1} |
            | honest share of the chat viewers saw | {alone.HonestShareOfChatSeen:P1} | {attacked.HonestShareOfChatSeen:P1} | {again.HonestShareOfChatSeen:P1} |
            | server CPU | {alone.ServerCpu:N2} cores | {attacked.ServerCpu:N2} cores | {again.ServerCpu:N2} cores |
            | server RSS at the end | {alone.RssMb:N0} MB | {attacked.RssMb:N0} MB | {again.RssMb:N0} MB |
            | honest calls that failed (run so far) | {alone.Errors:N0} | {attacked.Errors:N0} | {again.Errors:N0} |

            Within 10% of the windows alone (honest p99 reaction latency against their mean, {baseline:N0} ms; chat delivered): **{(holds ? "yes" : "no")}**.

            | attacker | |
            |---|---|
            | viewer tokens minted / refused (429) | {attacker.TokensMinted:N0} / {attacker.TokensRefused:N0} |
            | connections open when the attack stopped / closed by the server | {attacker.ConnectionsOpen:N0} / {attacker.ConnectionsClosed:N0} |
            | connections that came back on a new token after the server closed them | {attacker.Comebacks:N0} |

            | attacker's call | outcome | calls |
            |---|---|---|
            {string.Join('\n', outcomes)}

            """);
    }

    private sealed record WindowResult(LatencySummary Probe, IReadOnlyList<LatencySummary> ProbeBySlice, LatencySummary Chat, long ChatAccepted, double ChatDeliveredShare,
        double HonestShareOfChatSeen, double ServerCpu, double RssMb, long Errors);
}

/// <summary>How hard the attacker pushes.</summary>
internal sealed record AttackPlan(int Tokens, int ConnectionsOnOneToken, double CallsPerSecondPerConnection)
{
    /// <summary>The plan in <c>--attacker-tokens</c>, <c>--attacker-connections-on-one-token</c> and <c>--attacker-calls-per-second</c>, or the default's.</summary>
    public static AttackPlan From(Dictionary<string, string> options) => new(
        Tokens: options.Int("attacker-tokens", 400),
        ConnectionsOnOneToken: options.Int("attacker-connections-on-one-token", 50),
        CallsPerSecondPerConnection: options.Number("attacker-calls-per-second", 4));

    /// <summary>The options <see cref="From"/> reads back into this plan.</summary>
    public string[] Arguments() =>
    [
        "--attacker-tokens", Tokens.ToString(CultureInfo.InvariantCulture),
        "--attacker-connections-on-one-token", ConnectionsOnOneToken.ToString(CultureInfo.InvariantCulture),
        "--attacker-calls-per-second", CallsPerSecondPerConnection.ToString(CultureInfo.InvariantCulture),
    ];
}

/// <summary>What the attacker sent and was refused: tokens, connections, and every call's outcome by "method:outcome".</summary>
internal sealed record AttackerFigures(long TokensMinted, long TokensRefused, int ConnectionsOpen, int ConnectionsClosed, long Comebacks,
    Dictionary<string, long> Outcomes);

/// <summary>
/// One machine attacking a stream with free viewer tokens: it mints them as fast as the server allows, floods from each
/// and from many connections on one, and reports messages (real ones it has seen and made-up ids). Counts every call's
/// outcome by its refusal code.
/// </summary>
internal sealed partial class Attacker(RallyLiveTarget target, RallyHandle rally, ConnectionFactory factory, string address)
{
    private readonly ConcurrentDictionary<string, long> _outcomes = new();
    private static readonly IReadOnlyDictionary<string, int> Boos = new Dictionary<string, int> { ["boo"] = 5 };

    private readonly ConcurrentBag<LoadConnection> _connections = [];
    private string? _lastSeenMessageId;
    private long _tokensMinted;
    private long _comebacks;
    private long _tokensRefused;

    public IReadOnlyDictionary<string, long> Outcomes => _outcomes;

    public long TokensMinted => Interlocked.Read(ref _tokensMinted);

    /// <summary>Times a connection the server closed came back on a new token.</summary>
    public long Comebacks => Interlocked.Read(ref _comebacks);

    public long TokensRefused => Interlocked.Read(ref _tokensRefused);

    /// <summary>The attacker's connections still open when the attack stopped.</summary>
    public int ConnectionsOpen { get; private set; }

    /// <summary>The attacker's connections the server had closed by then.</summary>
    public int ConnectionsClosed { get; private set; }

    public async Task RunAsync(AttackPlan plan, CancellationToken stop)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 16 });
        var floods = new List<Task>();
        try
        {
            var first = true;
            while (!stop.IsCancellationRequested && TokensMinted < plan.Tokens)
            {
                var token = await MintAsync(http, stop);
                if (token is null)
                {
                    continue;
                }

                for (var i = 0; i < (first ? 1 + plan.ConnectionsOnOneToken : 1); i++)
                {
                    floods.Add(FloodAsync(http, token, plan.CallsPerSecondPerConnection, stop));
                }

                first = false;
            }

            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException)
        {
            // The window is over.
        }

        await Task.WhenAll(floods);
        ConnectionsOpen = _connections.Count(c => c.IsOpen);
        ConnectionsClosed = _connections.Count - ConnectionsOpen;
        await Parallel.ForEachAsync(_connections, async (connection, _) => await connection.DisposeAsync());
    }

    private async Task<string?> MintAsync(HttpClient http, CancellationToken stop)
    {
        using var request = target.JoinRequest(rally, $"sock {TokensMinted + TokensRefused}", address);
        using var response = await http.SendAsync(request, stop);
        if (response.StatusCode == HttpStatusCode.TooManyRequests)
        {
            Interlocked.Increment(ref _tokensRefused);
            // As fast as allowed: the server says when (Retry-After), but a patient attacker need only retry soon.
            await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
            return null;
        }

        response.EnsureSuccessStatusCode();
        Interlocked.Increment(ref _tokensMinted);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(stop)).GetProperty("viewerToken").GetString();
    }

    /// <summary>
    /// Floods from one connection until the window is over; when the server closes the connection, mints a new token
    /// (as soon as the server allows) and comes back with it, as a determined attacker would.
    /// </summary>
    private async Task FloodAsync(HttpClient http, string token, double callsPerSecond, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await FloodOnceAsync(token, callsPerSecond, stop);
                string? fresh;
                while ((fresh = await MintAsync(http, stop)) is null)
                {
                }

                token = fresh;
                Interlocked.Increment(ref _comebacks);
            }
        }
        catch (OperationCanceledException)
        {
            // The window is over.
        }
    }

    private async Task FloodOnceAsync(string token, double callsPerSecond, CancellationToken stop)
    {
        LoadConnection connection;
        try
        {
            connection = await factory.ConnectAsync(target.ViewerHubUrl(rally, token), OnMessage, address, stop);
            _connections.Add(connection);
            await Call("JoinStream", () => connection.JoinStreamAsync(0, stop));
        }
        catch (LoadCallException)
        {
            Count("Connect", "failed");
            await Task.Delay(TimeSpan.FromMilliseconds(100), stop);
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / callsPerSecond));
        var turn = 0;
        while (connection.IsOpen && await timer.WaitForNextTickAsync(stop))
        {
            var call = (turn++ % 4) switch
            {
                0 => Call("SendChat", () => connection.SendChatAsync("spam " + turn.ToString(CultureInfo.InvariantCulture), stop)),
                1 => Call("React", () => connection.ReactAsync(Boos, stop)),
                2 => Call("ReportMessage", () => connection.ReportMessageAsync(Volatile.Read(ref _lastSeenMessageId) ?? $"{Crowd.StreamId}:1", stop)),
                _ => Call("ReportMessage", () => connection.ReportMessageAsync($"{Crowd.StreamId}:{900_000_000 + turn}", stop)),
            };
            await call;
        }
    }

    /// <summary>Makes one call, counting its outcome under <paramref name="method"/>: ok, the refusal's code, or a lost connection.</summary>
    private async Task Call(string method, Func<Task> call)
    {
        try
        {
            await call();
            Count(method, "ok");
        }
        catch (LoadCallException lost) when (lost.ConnectionLost)
        {
            Count(method, "connection lost");
        }
        catch (LoadCallException refused)
        {
            // "An unexpected error occurred invoking 'SendChat' on the server. HubException: RateLimited: … from your network …"
            var code = RefusalCode().Match(refused.Message) is { Success: true } match ? match.Groups["code"].Value : refused.Message;
            Count(method, refused.Message.Contains("your network", StringComparison.Ordinal) ? code + " (its address's bucket)" : code);
        }
    }

    [GeneratedRegex(@"HubException: (?<code>[A-Za-z]+): ")]
    private static partial Regex RefusalCode();

    /// <summary>The attacker's figures once <see cref="RunAsync"/> has ended.</summary>
    public AttackerFigures Figures() =>
        new(TokensMinted, TokensRefused, ConnectionsOpen, ConnectionsClosed, Comebacks, new Dictionary<string, long>(_outcomes, StringComparer.Ordinal));

    private void Count(string method, string outcome) => _outcomes.AddOrUpdate($"{method}:{outcome}", 1, (_, n) => n + 1);

    private void OnMessage(string target, long sequence, JsonElement payload)
    {
        if (target == "ChatMessage" && payload.TryGetProperty("id", out var id))
        {
            Volatile.Write(ref _lastSeenMessageId, id.GetString());
        }
    }
}
