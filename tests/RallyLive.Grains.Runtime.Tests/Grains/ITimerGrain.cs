using RallyLive.Grains.Runtime.Concurrency;

namespace RallyLive.Grains.Runtime.Tests.Grains;

/// <summary>Runs a grain timer and reports its ticks.</summary>
public interface ITimerGrain : IGrainWithStringKey
{
    /// <summary>Starts a timer; with <paramref name="holdTicks"/>, each tick waits on the gate "tick" before it completes.</summary>
    Task StartTimer(TimeSpan period, bool keepAlive, bool holdTicks);

    Task StopTimer();

    /// <summary>Waits on the gate <paramref name="name"/> while holding the grain's turn.</summary>
    Task Hold(string name);

    /// <summary>The ticks so far, read in a turn of its own: after any tick that was already queued.</summary>
    Task<int> CountTicks();

    /// <summary>The ticks so far, read without waiting for the current turn.</summary>
    [AlwaysInterleave]
    Task<int> PeekTicks();

    Task<long> GetActivationId();
}
