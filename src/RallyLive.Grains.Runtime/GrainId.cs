namespace RallyLive.Grains.Runtime;

/// <summary>
/// The identity of a grain: its grain type (derived from the grain class) and its key.
/// Formats as <c>type/key</c>, like Orleans' <c>GrainId</c>.
/// </summary>
public readonly record struct GrainId(string Type, string Key)
{
    public override string ToString() => $"{Type}/{Key}";
}
