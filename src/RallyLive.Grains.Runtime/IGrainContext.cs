namespace RallyLive.Grains.Runtime;

/// <summary>The runtime's side of one activation, as a grain sees it.</summary>
public interface IGrainContext
{
    GrainId GrainId { get; }

    /// <summary>Distinguishes successive activations of the same grain.</summary>
    long ActivationId { get; }

    IGrainFactory GrainFactory { get; }

    /// <summary>The activation's own service scope, disposed when it deactivates.</summary>
    IServiceProvider ActivationServices { get; }

    /// <summary>Asks the runtime to deactivate this activation once it has no call in progress.</summary>
    void Deactivate(DeactivationReason reason);
}
