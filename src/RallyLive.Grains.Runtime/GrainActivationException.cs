namespace RallyLive.Grains.Runtime;

/// <summary>
/// A grain could not be activated: its constructor, a state read or <see cref="Grain.OnActivateAsync"/> threw.
/// The inner exception says why; the next call tries a fresh activation.
/// </summary>
public sealed class GrainActivationException(GrainId grainId, Exception innerException)
    : Exception($"Grain {grainId} could not be activated: {innerException.Message}", innerException)
{
    public GrainId GrainId { get; } = grainId;
}
