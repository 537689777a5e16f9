using RallyLive.Grains.Runtime.Activation;
using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Timers;

/// <summary>
/// A timer whose ticks are requests of the activation that owns it, admitted like calls, so a callback never
/// overlaps a call (unless <see cref="GrainTimerCreationOptions.Interleave"/>). The next tick is due one
/// period after the previous callback completed, so ticks never overlap each other either. A period of
/// zero or <see cref="Timeout.InfiniteTimeSpan"/> makes a one-shot timer, as with <see cref="Timer"/>.
/// </summary>
internal sealed class GrainTimer : IGrainTimer
{
    private readonly ActivationData _activation;
    private readonly Func<object?, CancellationToken, Task> _callback;
    private readonly object? _state;
    private readonly GrainTimerCreationOptions _options;
    private readonly ITimer _timer;
    private readonly CancellationTokenSource _disposed = new();
    private TimeSpan _dueTime;
    private TimeSpan _period;
    private bool _ticking;
    private bool _changedWhileTicking;

    public GrainTimer(ActivationData activation, Func<object?, CancellationToken, Task> callback, object? state, GrainTimerCreationOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.DueTime, Timeout.InfiniteTimeSpan);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Period, Timeout.InfiniteTimeSpan);
        _activation = activation;
        _callback = callback;
        _state = state;
        _options = options;
        _dueTime = options.DueTime;
        _period = options.Period;
        _timer = activation.Runtime.TimeProvider.CreateTimer(static timer => ((GrainTimer)timer!).OnDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    internal bool IsDisposed => _disposed.IsCancellationRequested;

    public void Change(TimeSpan dueTime, TimeSpan period)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(dueTime, Timeout.InfiniteTimeSpan);
        ArgumentOutOfRangeException.ThrowIfLessThan(period, Timeout.InfiniteTimeSpan);
        _dueTime = dueTime;
        _period = period;
        if (_ticking)
        {
            // As in Orleans, a change made by the callback takes effect when the callback completes.
            _changedWhileTicking = true;
            return;
        }

        Start();
    }

    public void Dispose()
    {
        if (IsDisposed)
        {
            return;
        }

        _disposed.Cancel();
        _timer.Dispose();
        _activation.RemoveTimer(this);
    }

    internal void Start()
    {
        if (!IsDisposed)
        {
            _timer.Change(_dueTime, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnDue()
    {
        if (!IsDisposed && !_activation.TryEnqueue(new Tick(this)))
        {
            Dispose();
        }
    }

    private async Task RunAsync()
    {
        _ticking = true;
        try
        {
            await _callback(_state, _disposed.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (!(IsDisposed && exception is OperationCanceledException))
        {
            RuntimeLog.TimerCallbackFailed(_activation.Runtime.Logger, exception, _activation.GrainId);
        }
        finally
        {
            // Re-arm before releasing the turn, so a call queued behind this tick finds the next one scheduled.
            _ticking = false;
            TimeSpan? next = _changedWhileTicking ? _dueTime : IsPeriodic ? _period : null;
            _changedWhileTicking = false;
            if (!IsDisposed && next is { } due && due != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(due, Timeout.InfiniteTimeSpan);
            }

            _activation.OnRequestCompleted(TickTraits, _options.KeepAlive);
        }
    }

    private bool IsPeriodic => _period > TimeSpan.Zero && _period != Timeout.InfiniteTimeSpan;

    private GrainMethodTraits TickTraits => _options.Interleave ? GrainMethodTraits.AlwaysInterleave : GrainMethodTraits.None;

    private sealed class Tick(GrainTimer timer) : GrainRequest(timer.TickTraits)
    {
        public override bool KeepsAlive => timer._options.KeepAlive;

        public override bool IsAbandoned => timer.IsDisposed;

        public override void Start(ActivationData activation) => _ = timer.RunAsync();

        public override void Fail(Exception exception) => timer.Dispose();
    }
}
