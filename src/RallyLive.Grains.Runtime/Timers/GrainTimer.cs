using RallyLive.Grains.Runtime.Activation;
using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Timers;

/// <summary>
/// A timer whose ticks are requests of the activation that owns it, admitted like calls, so a callback never
/// overlaps a call (unless <see cref="GrainTimerCreationOptions.Interleave"/>). The next tick is due one
/// period after the previous callback completed, so ticks never overlap each other either.
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
            if (!IsDisposed && _period != Timeout.InfiniteTimeSpan)
            {
                _timer.Change(_period, Timeout.InfiniteTimeSpan);
            }

            _activation.OnRequestCompleted(TickTraits, _options.KeepAlive);
        }
    }

    private GrainMethodTraits TickTraits => _options.Interleave ? GrainMethodTraits.AlwaysInterleave : GrainMethodTraits.None;

    private sealed class Tick(GrainTimer timer) : GrainRequest(timer.TickTraits)
    {
        public override bool KeepsAlive => timer._options.KeepAlive;

        public override bool IsAbandoned => timer.IsDisposed;

        public override void Start(ActivationData activation) => _ = timer.RunAsync();

        public override void Fail(Exception exception) => timer.Dispose();
    }
}
