namespace RallyLive.Grains.Runtime.Timers;

/// <summary>A timer owned by one activation. Disposed automatically when the activation deactivates.</summary>
public interface IGrainTimer : IDisposable
{
    /// <summary>Changes when the next tick is due and the period after each completed tick.</summary>
    void Change(TimeSpan dueTime, TimeSpan period);
}
