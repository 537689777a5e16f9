using System.ComponentModel;
using RallyLive.Grains.Runtime.Activation;

namespace RallyLive.Grains.Runtime.Invocation;

/// <summary>
/// Base class of the generated grain proxies. A reference names a grain; it does not hold it, so it stays
/// valid across deactivations and can be passed to other grains.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class GrainReference : IAddressable, IEquatable<GrainReference>
{
    private readonly GrainRuntime _runtime;

    protected GrainReference(IGrainFactory factory, GrainId grainId, Type interfaceType)
    {
        _runtime = factory as GrainRuntime
            ?? throw new ArgumentException("Grain references are created by the grain runtime's IGrainFactory.", nameof(factory));
        GrainId = grainId;
        InterfaceType = interfaceType;
    }

    public GrainId GrainId { get; }

    public Type InterfaceType { get; }

    /// <summary>The activation this reference last reached; checked on every call, refreshed when it is gone.</summary>
    internal ActivationData? CachedActivation { get; set; }

    protected ValueTask<TResult> InvokeAsync<TCall, TResult>(TCall call, GrainMethod method)
        where TCall : struct, IGrainCall<TResult> =>
        _runtime.Invoke<TCall, TResult>(this, call, method);

    public bool Equals(GrainReference? other) =>
        other is not null && GrainId == other.GrainId && InterfaceType == other.InterfaceType;

    public override bool Equals(object? obj) => Equals(obj as GrainReference);

    public override int GetHashCode() => HashCode.Combine(GrainId, InterfaceType);

    public override string ToString() => $"{InterfaceType.Name}:{GrainId}";
}
