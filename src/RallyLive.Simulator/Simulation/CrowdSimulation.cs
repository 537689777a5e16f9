using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using RallyLive.Simulator.Protocol;
using RallyLive.Simulator.Scenarios;

namespace RallyLive.Simulator.Simulation;

/// <summary>
/// A simulated crowd playing a scenario against a RallyLive server over the real protocol: it creates the rally, then
/// plays its <see cref="CrowdPlan"/> in scenario time with one scheduler loop. Each viewer is a queue of actions run in
/// order on its own connection (join, taps sent at most once per quarter second, chat, votes); the organiser runs the
/// show on its own. A call the server refuses is counted and not retried; a lost connection is reopened at the
/// viewer's next action.
/// </summary>
public sealed partial class CrowdSimulation : IAsyncDisposable
{
    private static readonly TimeSpan TapInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(5);

    private readonly SimulationOptions _options;
    private readonly RallyApiClient _api;
    private readonly OrganiserConnection _organiser;
    private readonly CrowdPlan _plan;
    private readonly SimulatedViewer[] _viewers;
    private readonly ActionQueue _organiserQueue;
    private readonly SemaphoreSlim _calls;
    private readonly SemaphoreSlim _tapSlots;
    private readonly ConcurrentQueue<SimulatedViewer> _tapsBehind = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Stopwatch _clock = new();
    private readonly string?[] _pollIds;

    /// <summary>Per poll: its id once the organiser has opened it, or null if it could not be; votes due earlier wait for it.</summary>
    private readonly TaskCompletionSource<string?>[] _pollsOpened;
    private readonly int[][] _votesAccepted;

    /// <summary>Per question: its id once asked and approved, or null if either was refused; upvotes and showing wait for it.</summary>
    private readonly TaskCompletionSource<string?>[] _questionsAsked;
    private readonly TaskCompletionSource<string?>[] _questionsApproved;
    private ModeratorConnection? _moderator;
    private int _questionsTaken, _upvotesCounted, _questionsShown;
    private readonly CampaignTally[] _campaigns;
    private readonly PriorityQueue<(SimulatedViewer Viewer, PlannedAction Action), long> _deferred = new();
    private readonly Lock _deferredLock = new();
    private readonly HashSet<SimulatedViewer> _tapped = [];
    private readonly Queue<(TimeSpan At, long Calls)> _rateSamples = new();

    private long _callsSent, _chatAccepted, _reactionsAccepted, _chatHeldBack, _tapsHeldBack;
    private int _refusals, _connectionFailures, _viewersJoined, _viewersConnected, _votesNotCast, _running, _disposed;
    private SimulationProgress _progress;
    private volatile bool _ended;

    private CrowdSimulation(SimulationOptions options, RallyApiClient api, OrganiserConnection organiser, SimulatedRally rally, CrowdPlan plan)
    {
        _options = options;
        _api = api;
        _organiser = organiser;
        Rally = rally;
        _plan = plan;
        _calls = new SemaphoreSlim(options.MaxConcurrentCalls);
        _tapSlots = new SemaphoreSlim(Math.Max(1, options.MaxConcurrentCalls / 2));
        _viewers = [.. plan.Viewers.Select(v => new SimulatedViewer(v, this))];
        _organiserQueue = new ActionQueue(RunOrganiserActionAsync, Failed);
        _pollIds = new string?[plan.Polls.Count];
        _pollsOpened = [.. plan.Polls.Select(_ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously))];
        _votesAccepted = [.. plan.Polls.Select(p => new int[p.Options.Count])];
        _questionsAsked = [.. plan.Questions.Select(_ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously))];
        _questionsApproved = [.. plan.Questions.Select(_ => new TaskCompletionSource<string?>(TaskCreationOptions.RunContinuationsAsynchronously))];
        _campaigns = [.. plan.Campaigns.Select(_ => new CampaignTally())];
        _progress = new SimulationProgress(TimeSpan.Zero, plan.Length, plan.Scenario.Beats.FirstOrDefault()?.Label ?? string.Empty, 0, 0, 0, 0);
    }

    /// <summary>The rally this simulation created, with its organiser and moderator keys.</summary>
    public SimulatedRally Rally { get; }

    /// <summary>What the crowd will do.</summary>
    public CrowdPlan Plan => _plan;

    /// <summary>Where the run is now (updated every scheduler tick).</summary>
    public SimulationProgress Progress => Volatile.Read(ref _progress);

    /// <summary>
    /// Creates the scenario's rally through the HTTP API and mints a moderator key for it; nothing plays until
    /// <see cref="RunAsync"/>. Throws <see cref="ServerUnavailableException"/> when no server answers at the URL.
    /// </summary>
    public static async Task<CrowdSimulation> CreateRallyAsync(Scenario scenario, SimulationOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(options));
        }

        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(options.Viewers ?? scenario.Viewers, options.Seed, options.QuietAfterJoining));
        var api = new RallyApiClient(options.Server, options.RequestTimeout);
        try
        {
            var created = await api.CreateRallyAsync(scenario.Rally, cancellationToken);
            var moderator = await api.MintModeratorKeyAsync(created.RallyId, created.OrganiserKey, "Demo moderator", cancellationToken);
            var organiser = await OrganiserConnection.ConnectAsync(options.Server, created.OrganiserKey, cancellationToken);
            var rally = new SimulatedRally(options.Server, created.RallyId, created.OrganiserKey, moderator.ModeratorId, moderator.Key);
            return new CrowdSimulation(options, api, organiser, rally, plan);
        }
        catch
        {
            api.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Plays the whole scenario in scenario time (real time × <see cref="SimulationOptions.Speed"/>), then lets every
    /// viewer leave, and returns what the crowd did. <paramref name="progress"/> hears about once a second.
    /// </summary>
    public async Task<SimulationResult> RunAsync(IProgress<SimulationProgress>? progress, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _running, 1) == 1)
        {
            throw new InvalidOperationException("A simulation runs once.");
        }

        await using var stop = cancellationToken.Register(_stopping.Cancel);
        using var timer = new PeriodicTimer(_options.Tick);
        var actions = _plan.Actions;
        var next = 0;
        var lastFlush = TimeSpan.Zero;
        var lastReport = TimeSpan.Zero;
        _clock.Start();
        while (true)
        {
            var now = ScenarioTime;
            while (next < actions.Count && actions[next].At <= now)
            {
                Dispatch(actions[next++]);
            }

            ReleaseDeferred();
            if (_clock.Elapsed - lastFlush >= TapInterval)
            {
                lastFlush = _clock.Elapsed;
                FlushTaps();
            }

            UpdateProgress(now);
            if (progress is not null && _clock.Elapsed - lastReport >= TimeSpan.FromSeconds(1))
            {
                lastReport = _clock.Elapsed;
                progress.Report(Progress);
            }

            if (next == actions.Count && now >= _plan.Length && DeferredCount == 0)
            {
                break;
            }

            await timer.WaitForNextTickAsync(_stopping.Token);
        }

        await WhenIdleAsync(timer);
        FlushTaps();
        await WhenIdleAsync(timer);
        foreach (var viewer in _viewers.Where(v => v.Connection is not null))
        {
            viewer.Queue.Enqueue(new PlannedAction(_plan.Length, PlannedActionKind.Leave, viewer.Plan.Index));
        }

        await WhenIdleAsync(timer);
        UpdateProgress(ScenarioTime);
        progress?.Report(Progress);
        return Result();
    }

    /// <summary>The narratives the organiser sees now (what the server's detectors made of the crowd's chat).</summary>
    public Task<IReadOnlyList<NarrativeState>> GetNarrativesAsync(CancellationToken cancellationToken) => _organiser.GetNarrativesAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        foreach (var viewer in _viewers)
        {
            if (viewer.Connection is { } connection)
            {
                await connection.DisposeAsync();
            }
        }

        await _organiser.DisposeAsync();
        if (_moderator is not null)
        {
            await _moderator.DisposeAsync();
        }

        _api.Dispose();
        _calls.Dispose();
        _tapSlots.Dispose();
        _stopping.Dispose();
    }

    private TimeSpan ScenarioTime => _clock.Elapsed * _options.Speed;

    private int DeferredCount
    {
        get
        {
            lock (_deferredLock)
            {
                return _deferred.Count;
            }
        }
    }

    /// <summary>Hands a due action to its actor; taps only join the viewer's batch, sent by <see cref="FlushTaps"/>.</summary>
    private void Dispatch(PlannedAction action)
    {
        if (action.Viewer < 0)
        {
            _organiserQueue.Enqueue(action);
            return;
        }

        var viewer = _viewers[action.Viewer];
        if (action.Kind != PlannedActionKind.Tap)
        {
            viewer.Queue.Enqueue(action);
        }
        else if (viewer.Connection is { } connection)
        {
            connection.Taps.Add(_plan.Reactions[action.Item]);
            _tapped.Add(viewer);
        }
        else
        {
            Interlocked.Increment(ref _tapsHeldBack);
        }
    }

    /// <summary>Each viewer with taps waiting sends them as one <c>React</c> call (at most once per quarter second).</summary>
    private void FlushTaps()
    {
        while (_tapsBehind.TryDequeue(out var behind))
        {
            _tapped.Add(behind);
        }

        foreach (var viewer in _tapped)
        {
            if (!viewer.FlushQueued)
            {
                viewer.FlushQueued = true;
                viewer.Queue.Enqueue(new PlannedAction(ScenarioTime, PlannedActionKind.Tap, viewer.Plan.Index));
            }
        }

        _tapped.Clear();
    }

    private void Defer(SimulatedViewer viewer, PlannedAction action, TimeSpan until)
    {
        lock (_deferredLock)
        {
            _deferred.Enqueue((viewer, action), until.Ticks);
        }
    }

    private void ReleaseDeferred()
    {
        var now = _clock.Elapsed.Ticks;
        lock (_deferredLock)
        {
            while (_deferred.TryPeek(out var item, out var due) && due <= now)
            {
                _deferred.Dequeue();
                item.Viewer.Queue.Enqueue(item.Action);
            }
        }
    }

    /// <summary>Waits until every actor has finished its actions (deferred chat included), checking each tick.</summary>
    private async Task WhenIdleAsync(PeriodicTimer timer)
    {
        while (_organiserQueue.Waiting > 0 || DeferredCount > 0 || _viewers.Any(v => v.Queue.Waiting > 0))
        {
            ReleaseDeferred();
            await timer.WaitForNextTickAsync(_stopping.Token);
        }
    }

    private void UpdateProgress(TimeSpan now)
    {
        var calls = Interlocked.Read(ref _callsSent);
        _rateSamples.Enqueue((_clock.Elapsed, calls));
        while (_rateSamples.Count > 1 && _clock.Elapsed - _rateSamples.Peek().At > RateWindow)
        {
            _rateSamples.Dequeue();
        }

        var (oldestAt, oldestCalls) = _rateSamples.Peek();
        var seconds = (_clock.Elapsed - oldestAt).TotalSeconds;
        var beat = _plan.Scenario.Beats.LastOrDefault(b => b.At <= now)?.Label ?? string.Empty;
        Volatile.Write(ref _progress, new SimulationProgress(
            now < _plan.Length ? now : _plan.Length, _plan.Length, beat, Volatile.Read(ref _viewersConnected),
            seconds > 0 ? (calls - oldestCalls) / seconds : 0, Volatile.Read(ref _refusals), Volatile.Read(ref _connectionFailures)));
    }

    private SimulationResult Result() => new(
        Rally,
        [.. _plan.Polls.Select((poll, i) => new PollResult(poll.Beat, _pollIds[i] ?? string.Empty, poll.Question, poll.Options, poll.Planned, [.. _votesAccepted[i]]))],
        Interlocked.Read(ref _chatAccepted),
        Interlocked.Read(ref _reactionsAccepted),
        [.. _plan.Campaigns.Select((campaign, i) => new CampaignResult(campaign.Beat, campaign.Kind, campaign.Stream, campaign.Accounts, _campaigns[i].Sent, _campaigns[i].Ids.Count)
        {
            MessageIds = _campaigns[i].Ids.Keys.ToHashSet(StringComparer.Ordinal),
        })],
        _refusals,
        _connectionFailures,
        Interlocked.Read(ref _callsSent),
        _viewersJoined,
        Interlocked.Read(ref _chatHeldBack),
        Interlocked.Read(ref _tapsHeldBack),
        _votesNotCast,
        _clock.Elapsed)
    {
        Questions = new QuestionsResult(_plan.Questions.Count, _questionsTaken, _plan.Questions.Sum(q => q.Upvotes), _upvotesCounted, _questionsShown),
    };

    private void Failed(Exception exception) => Interlocked.Increment(ref _connectionFailures);

    private sealed class CampaignTally
    {
        public ConcurrentDictionary<string, byte> Ids { get; } = new(StringComparer.Ordinal);

        public int Sent;
    }
}
