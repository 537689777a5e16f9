namespace RallyLive.Persistence;

/// <summary>The state a grain starts with when storage holds none: a new instance, or the default of a value type.</summary>
internal static class GrainStateDefaults
{
    public static T Create<T>() => typeof(T).IsValueType ? default! : Activator.CreateInstance<T>();
}
