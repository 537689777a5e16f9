namespace RallyLive.Grains.Runtime.Timers;

/// <summary>Options for <see cref="Grain.RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>.</summary>
public readonly record struct GrainTimerCreationOptions(TimeSpan DueTime, TimeSpan Period)
{
    /// <summary>When true, ticks may interleave with calls at await points, as if the callback were <see cref="Concurrency.AlwaysInterleaveAttribute"/>.</summary>
    public bool Interleave { get; init; }

    /// <summary>When true, a tick counts as activity and keeps the activation from idle collection.</summary>
    public bool KeepAlive { get; init; }
}
