using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Runtime;

namespace RallyLive.Testing;

/// <summary>
/// A clock that moves only when a test says so, for grains and the code around them. <see cref="AdvanceAsync"/>
/// fires the timers that fall due, in due order, and waits after each Orleans grain timer until its tick has run:
/// Orleans queues a tick on the grain and re-arms the timer (one period after the tick) only when the tick
/// completes, so a periodic grain timer ticks once for every period the clock passes, as it would in real time.
/// FakeTimeProvider fires the same timers but cannot tell when a tick has finished, so a test would race it.
/// </summary>
public sealed class GrainClock(DateTimeOffset start) : TimeProvider
{
    private static readonly TimeSpan TickTimeout = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now = start;
    private long _lastTimerSequence;

    public GrainClock()
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

    /// <summary>Moves the clock forward, firing every timer that falls due on the way and waiting for grain timers' ticks.</summary>
    public async Task AdvanceAsync(TimeSpan delta)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(delta, TimeSpan.Zero);
        DateTimeOffset target;
        lock (_lock)
        {
            target = _now + delta;
        }

        while (NextDue(target) is { } timer)
        {
            await timer.Fire().WaitAsync(TickTimeout);
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

    private sealed class ManualTimer(GrainClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan _period = Timeout.InfiniteTimeSpan;
        private TaskCompletionSource? _tick;

        public DateTimeOffset? DueAt { get; private set; }

        public long Sequence { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            TaskCompletionSource? tick;
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
                }

                tick = _tick;
                _tick = null;
            }

            // An Orleans grain timer is re-armed (or disposed) when its tick completes.
            tick?.TrySetResult();
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

        /// <summary>Runs the callback; completes when a grain timer's tick has run, at once for any other timer.</summary>
        public Task Fire()
        {
            Task ticked = Task.CompletedTask;
            if (state is IGrainTimer)
            {
                var tick = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                lock (clock._lock)
                {
                    _tick = tick;
                }

                ticked = tick.Task;
            }

            callback(state);
            return ticked;
        }

        public void Dispose() => Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Puts a <see cref="GrainClock"/> under grains and the services around them.</summary>
public static class GrainClockServiceCollectionExtensions
{
    private static readonly string[] OrleansMaintenanceClocks =
    [
        TimeProviderNames.Messaging, TimeProviderNames.SystemTimers, TimeProviderNames.Membership,
        TimeProviderNames.ActivationManagement, TimeProviderNames.GrainDirectory,
    ];

    /// <summary>
    /// Makes <paramref name="clock"/> the default <see cref="TimeProvider"/>, which Orleans uses for grain timers,
    /// while the silo's own maintenance (call timeouts, membership, activation collection, directory) keeps real time.
    /// </summary>
    public static IServiceCollection AddGrainClock(this IServiceCollection services, GrainClock clock)
    {
        services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock));
        foreach (var area in OrleansMaintenanceClocks)
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }

        return services;
    }
}
