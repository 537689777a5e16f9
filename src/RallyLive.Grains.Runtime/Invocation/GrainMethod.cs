using System.ComponentModel;

namespace RallyLive.Grains.Runtime.Invocation;

/// <summary>How a call may share an activation with other calls.</summary>
[Flags]
[EditorBrowsable(EditorBrowsableState.Never)]
public enum GrainMethodTraits
{
    None = 0,

    /// <summary>The method is marked <see cref="Concurrency.ReadOnlyAttribute"/>.</summary>
    ReadOnly = 1,

    /// <summary>The method is marked <see cref="Concurrency.AlwaysInterleaveAttribute"/>.</summary>
    AlwaysInterleave = 2,
}

/// <summary>
/// Describes one grain interface method. The generated proxies keep one instance per method in a static
/// field, so a call carries a reference to it and allocates nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainMethod(string interfaceName, string methodName, GrainMethodTraits traits)
{
    public string InterfaceName { get; } = interfaceName;

    public string MethodName { get; } = methodName;

    public GrainMethodTraits Traits { get; } = traits;

    public override string ToString() => $"{InterfaceName}.{MethodName}";
}
