using System.ComponentModel;

namespace RallyLive.Grains.Runtime.Invocation;

/// <summary>
/// One call's arguments, generated as a struct per grain method, and the code that applies them to the
/// grain instance. Being a struct passed as a generic argument keeps the common path free of allocations
/// and of reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainCall<TResult>
{
    ValueTask<TResult> Invoke(object grain);
}

/// <summary>The result of a grain method that returns a plain <see cref="Task"/> or <see cref="ValueTask"/>.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public readonly record struct NoResult;
