using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Activation;

/// <summary>
/// A unit of work that needs a turn of an activation: a queued call or a timer tick. It waits in the
/// activation's queue until the admission rules let it start.
/// </summary>
internal abstract class GrainRequest(GrainMethodTraits traits)
{
    public GrainMethodTraits Traits { get; } = traits;

    /// <summary>Counts as activity for idle collection.</summary>
    public virtual bool KeepsAlive => true;

    /// <summary>Nobody waits for the outcome any more (the caller timed out, the timer was disposed): skip it.</summary>
    public abstract bool IsAbandoned { get; }

    /// <summary>Runs the request inside the activation's context. It has already been admitted.</summary>
    public abstract void Start(ActivationData activation);

    /// <summary>The request can never start, for example because activation failed.</summary>
    public abstract void Fail(Exception exception);
}
