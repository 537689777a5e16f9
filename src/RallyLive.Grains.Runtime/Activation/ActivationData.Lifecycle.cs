using Microsoft.Extensions.DependencyInjection;
using RallyLive.Grains.Runtime.Timers;

namespace RallyLive.Grains.Runtime.Activation;

/// <summary>Activation, deactivation, idle collection, and what the activation owns: its timers and persistent states.</summary>
internal sealed partial class ActivationData
{
    [ThreadStatic]
    private static ActivationData? t_constructing;

    private readonly List<GrainTimer> _timers = [];
    private readonly List<IActivationStateLoader> _states = [];
    private readonly TaskCompletionSource _deactivated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private AsyncServiceScope? _scope;
    private Grain? _grain;

    private bool _touched;
    private long _lastSeenActive;
    private long _keepAliveUntil;
    private bool _deactivationRequested;
    private bool _deactivateAfterActivation;
    private DeactivationReason _deactivationReason;

    /// <summary>The activation whose grain instance is being constructed on this thread, for <see cref="Grain"/>'s constructor.</summary>
    internal static ActivationData? Constructing => t_constructing;

    public IServiceProvider ActivationServices => _scope?.ServiceProvider
        ?? throw new InvalidOperationException($"Grain {GrainId} has no services before it is activated.");

    internal object GrainInstance => _grain ?? throw new InvalidOperationException($"Grain {GrainId} is not active.");

    internal GrainRuntime Runtime => _runtime;

    /// <summary>Completes when this activation has deactivated (or failed to activate).</summary>
    internal Task Deactivated => _deactivated.Task;

    public void Deactivate(DeactivationReason reason)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status == ActivationStatus.Created)
            {
                // Never activated: there is nothing to run, so it is gone at once.
                _status = ActivationStatus.Invalid;
                _deactivated.TrySetResult();
                _runtime.RemoveActivation(this);
                return;
            }

            if (_status is not (ActivationStatus.Activating or ActivationStatus.Valid) || _deactivationRequested)
            {
                return;
            }

            _deactivationReason = reason;
            if (_status == ActivationStatus.Activating)
            {
                // Asked during OnActivateAsync: the calls that waited for this activation still run here first.
                _deactivateAfterActivation = true;
                return;
            }

            _deactivationRequested = true;
            if (_status == ActivationStatus.Valid && Running == 0)
            {
                StartDeactivation();
            }

            schedule = ClaimExecutionIfIdle();
        }

        ScheduleIf(schedule);
    }

    /// <summary>Keeps the activation for at least <paramref name="timeSpan"/>; a negative span cancels an earlier delay.</summary>
    internal void DelayDeactivation(TimeSpan timeSpan)
    {
        var now = _runtime.TimeProvider.GetTimestamp();
        var ticks = timeSpan.TotalSeconds * _runtime.TimeProvider.TimestampFrequency;
        var until = ticks >= long.MaxValue - now ? long.MaxValue : now + (long)ticks;
        lock (_lock)
        {
            _keepAliveUntil = timeSpan < TimeSpan.Zero ? 0 : Math.Max(_keepAliveUntil, until);
        }
    }

    /// <summary>Called by the collector once per quantum: deactivates the activation if it has been idle for its collection age.</summary>
    internal void CollectIfIdle(long now)
    {
        bool schedule;
        lock (_lock)
        {
            if (_status != ActivationStatus.Valid || _deactivationRequested)
            {
                return;
            }

            // Running or queued work that does not keep the activation alive (timer ticks) does not count;
            // if the activation is due for collection it deactivates as soon as that work is done.
            if (_touched || _runningThatKeepAlive > 0)
            {
                _touched = false;
                _lastSeenActive = now;
                return;
            }

            var idleFor = _runtime.TimeProvider.GetElapsedTime(_lastSeenActive, now);
            if (idleFor < _grainClass.CollectionAge || now < _keepAliveUntil)
            {
                return;
            }

            _deactivationRequested = true;
            _deactivationReason = new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"Idle for {idleFor}.");
            if (Running == 0)
            {
                StartDeactivation();
            }

            schedule = ClaimExecutionIfIdle();
        }

        ScheduleIf(schedule);
    }

    internal IGrainTimer RegisterTimer(Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        GrainTimer timer;
        lock (_lock)
        {
            if (_status is ActivationStatus.Deactivating or ActivationStatus.Invalid)
            {
                throw new InvalidOperationException($"Grain {GrainId} is deactivating and cannot register timers.");
            }

            timer = new GrainTimer(this, callback, state, options);
            _timers.Add(timer);
        }

        timer.Start();
        return timer;
    }

    internal void RemoveTimer(GrainTimer timer)
    {
        lock (_lock)
        {
            _timers.Remove(timer);
        }
    }

    internal void AddStateLoader(IActivationStateLoader state) => _states.Add(state);

    private async Task ActivateAsync()
    {
        try
        {
            _scope = _runtime.Services.CreateAsyncScope();
            t_constructing = this;
            try
            {
                _grain = _grainClass.CreateInstance(this);
            }
            finally
            {
                t_constructing = null;
            }

            foreach (var state in _states)
            {
                await state.LoadAsync();
            }

            await _grain.OnActivateAsync(_runtime.Stopping);
        }
        catch (Exception exception)
        {
            await FailActivationAsync(exception);
            return;
        }

        lock (_lock)
        {
            _status = ActivationStatus.Valid;
            _lastSeenActive = _runtime.TimeProvider.GetTimestamp();
            AdmitPending();
            _deactivationRequested = _deactivateAfterActivation;
            if (_deactivationRequested && Running == 0)
            {
                StartDeactivation();
            }
        }
    }

    private async Task FailActivationAsync(Exception exception)
    {
        RuntimeLog.ActivationFailed(_runtime.Logger, exception, GrainId);
        var error = new GrainActivationException(GrainId, exception);
        DisposeTimers();
        await DisposeScopeAsync();
        foreach (var request in CloseAndTakePending())
        {
            request.Fail(error);
        }
    }

    /// <summary>Begins the last turn. Caller holds the lock and has checked that no request is running.</summary>
    private void StartDeactivation()
    {
        _status = ActivationStatus.Deactivating;
        _mailbox.Enqueue(new WorkItem(static state => _ = ((ActivationData)state!).DeactivateAsync(), this));
    }

    private async Task DeactivateAsync()
    {
        DisposeTimers();
        try
        {
            // A hung OnDeactivateAsync must not hold the grain's calls hostage: give it a bounded time.
            await _grain!.OnDeactivateAsync(_deactivationReason, _runtime.Stopping)
                .WaitAsync(_runtime.DeactivationTimeout, _runtime.TimeProvider);
        }
        catch (Exception exception)
        {
            RuntimeLog.DeactivationFailed(_runtime.Logger, exception, GrainId);
        }

        await DisposeScopeAsync();
        foreach (var request in CloseAndTakePending())
        {
            _runtime.Dispatch(request, GrainId, this);
        }
    }

    /// <summary>Marks the activation gone, leaves the directory, and hands back the requests that never started.</summary>
    private List<GrainRequest> CloseAndTakePending()
    {
        List<GrainRequest> pending;
        lock (_lock)
        {
            _status = ActivationStatus.Invalid;
            pending = [.. _pending.Where(request => !request.IsAbandoned)];
            _pending.Clear();
            _pendingThatMayInterleave = 0;
        }

        _runtime.RemoveActivation(this);
        _deactivated.TrySetResult();
        return pending;
    }

    private async ValueTask DisposeScopeAsync()
    {
        try
        {
            if (_scope is { } scope)
            {
                await scope.DisposeAsync();
            }
        }
        catch (Exception exception)
        {
            // A service's Dispose failed; the activation must still close so its queued callers are answered.
            RuntimeLog.DeactivationFailed(_runtime.Logger, exception, GrainId);
        }
    }

    private void DisposeTimers()
    {
        GrainTimer[] timers;
        lock (_lock)
        {
            timers = [.. _timers];
        }

        foreach (var timer in timers)
        {
            timer.Dispose();
        }
    }
}

/// <summary>A persistent state that must be read before the grain's <see cref="Grain.OnActivateAsync"/>.</summary>
internal interface IActivationStateLoader
{
    Task LoadAsync();
}
