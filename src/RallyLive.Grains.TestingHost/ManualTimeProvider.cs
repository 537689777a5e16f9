namespace RallyLive.Grains.TestingHost;

/// <summary>
/// A clock that moves only when a test says so. Timers fire, in due order, inside <see cref="Advance"/>,
/// on the calling thread; periodic timers fire once for every period that elapses.
/// </summary>
public sealed class ManualTimeProvider(DateTimeOffset start) : TimeProvider
{
    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private readonly List<(int Count, TaskCompletionSource Armed)> _waiters = [];
    private DateTimeOffset _now = start;
    private long _lastTimerSequence;

    public ManualTimeProvider()
        : this(new DateTimeOffset(2150, 6, 1, 18, 0, 0, TimeSpan.Zero))
    {
    }

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow()
    {
        lock (_lock)
        {
            return _now;
        }
    }

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>How many timers are armed (due at some time) now.</summary>
    public int ArmedTimers
    {
        get
        {
            lock (_lock)
            {
                return _timers.Count;
            }
        }
    }

    /// <summary>
    /// Completes once at least <paramref name="count"/> timers are armed. Work that other threads start arms its
    /// timers (a call's response timeout, say) some time later; a test waits for them before it moves the clock,
    /// or the clock would pass before they exist.
    /// </summary>
    public Task WhenArmedTimers(int count)
    {
        lock (_lock)
        {
            if (_timers.Count >= count)
            {
                return Task.CompletedTask;
            }

            var armed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, armed));
            return armed.Task;
        }
    }

    /// <summary>Moves the clock forward, firing every timer that falls due on the way.</summary>
    public void Advance(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (NextDue(target) is { } timer)
        {
            timer.Fire();
        }
    }

    /// <summary>Takes the earliest timer due by <paramref name="target"/> and sets the clock to its due time; or, if none is due, to the target.</summary>
    private ManualTimer? NextDue(DateTimeOffset target)
    {
        lock (_lock)
        {
            var next = _timers.Where(t => t.DueAt <= target).OrderBy(t => t.DueAt).ThenBy(t => t.Sequence).FirstOrDefault();
            if (next is null)
            {
                _now = target;
                return null;
            }

            if (next.DueAt > _now)
            {
                _now = next.DueAt.Value;
            }

            next.Rearm(_now);
            return next;
        }
    }

    /// <summary>Caller holds the lock: completes the waiters whose count of armed timers has been reached.</summary>
    private void ReleaseWaitersLocked()
    {
        for (var i = _waiters.Count - 1; i >= 0; i--)
        {
            if (_timers.Count >= _waiters[i].Count)
            {
                _waiters[i].Armed.TrySetResult();
                _waiters.RemoveAt(i);
            }
        }
    }

    private sealed class ManualTimer(ManualTimeProvider clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;

        public DateTimeOffset? DueAt { get; private set; }

        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._lock)
            {
                _period = period;
                DueAt = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + dueTime;
                Sequence = ++clock._lastTimerSequence;
                if (DueAt is null)
                {
                    clock._timers.Remove(this);
                }
                else if (!clock._timers.Contains(this))
                {
                    clock._timers.Add(this);
                    clock.ReleaseWaitersLocked();
                }
            }

            return true;
        }

        /// <summary>Caller holds the clock's lock: schedules the next period, or retires a one-shot timer.</summary>
        public void Rearm(DateTimeOffset now)
        {
            if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
            {
                DueAt = null;
                clock._timers.Remove(this);
            }
            else
            {
                DueAt = now + _period;
            }
        }

        public void Fire() => callback(state);

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
