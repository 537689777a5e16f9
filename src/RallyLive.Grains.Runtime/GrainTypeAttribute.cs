namespace RallyLive.Grains.Runtime;

/// <summary>
/// Names a grain class's grain type explicitly. Without it the type is the class name, lower-cased,
/// without a trailing "Grain" (<c>PollGrain</c> is <c>poll</c>). The grain type is part of every stored
/// state's key, so give long-lived grains an explicit one before renaming their class.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string grainType) : Attribute
{
    public string GrainType { get; } = grainType;
}
