using RallyLive.Grains.Runtime.Activation;
using RallyLive.Grains.Runtime.Timers;

namespace RallyLive.Grains.Runtime;

/// <summary>
/// Base class of grain implementations. The runtime creates instances, one per activation, and calls them
/// one turn at a time; see docs/orleans.md for the exact semantics.
/// </summary>
public abstract class Grain : IAddressable
{
    private readonly ActivationData _activation;

    protected Grain()
    {
        _activation = ActivationData.Constructing
            ?? throw new InvalidOperationException($"{GetType().Name} is a grain: obtain it with IGrainFactory.GetGrain, do not construct it.");
    }

    public IGrainContext GrainContext => _activation;

    public GrainId GrainId => _activation.GrainId;

    public string IdentityString => _activation.GrainId.ToString();

    protected IGrainFactory GrainFactory => _activation.GrainFactory;

    protected IServiceProvider ServiceProvider => _activation.ActivationServices;

    /// <summary>Runs as the activation's first turn, after its persistent state has been read.</summary>
    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs as the activation's last turn. Not guaranteed to run if the process crashes.</summary>
    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Deactivates this activation as soon as the current call completes.</summary>
    protected void DeactivateOnIdle() =>
        _activation.Deactivate(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called."));

    /// <summary>Keeps the activation from idle collection for at least <paramref name="timeSpan"/>.</summary>
    protected void DelayDeactivation(TimeSpan timeSpan) => _activation.DelayDeactivation(timeSpan);

    /// <summary>Registers a timer whose callback runs as a turn of this activation.</summary>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(static (state, ct) => ((Func<CancellationToken, Task>)state!)(ct), callback, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, new GrainTimerCreationOptions(dueTime, period));

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer(Func<Task> callback, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer(static (state, _) => ((Func<Task>)state!)(), callback, new GrainTimerCreationOptions(dueTime, period));
    }

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, GrainTimerCreationOptions options)
    {
        ArgumentNullException.ThrowIfNull(callback);
        return _activation.RegisterTimer((s, ct) => callback((TState)s!, ct), state, options);
    }

    /// <inheritdoc cref="RegisterGrainTimer(Func{CancellationToken, Task}, GrainTimerCreationOptions)"/>
    protected IGrainTimer RegisterGrainTimer<TState>(Func<TState, CancellationToken, Task> callback, TState state, TimeSpan dueTime, TimeSpan period) =>
        RegisterGrainTimer(callback, state, new GrainTimerCreationOptions(dueTime, period));
}
