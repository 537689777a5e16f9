namespace RallyLive.Grains.Runtime.Concurrency;

/// <summary>
/// On a grain class: every call may interleave with every other at await points. Calls still never run
/// in parallel: an activation runs one piece of code at a time.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;

/// <summary>On a grain interface method: this call may interleave with any other call, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;

/// <summary>
/// On a grain interface method: the method does not change the grain's state, so it may interleave with
/// other read-only calls (but never with a call that is not read-only).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ReadOnlyAttribute : Attribute;
