namespace RallyLive.Grains.Runtime.Storage;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime supplies a
/// state named <paramref name="stateName"/>, kept in the grain storage named <paramref name="storageName"/>
/// (the default storage when omitted), and reads it before <see cref="Grain.OnActivateAsync"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string? storageName = null) : Attribute
{
    public string StateName { get; } = stateName;

    public string? StorageName { get; } = storageName;
}
