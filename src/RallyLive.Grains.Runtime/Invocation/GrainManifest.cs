using System.ComponentModel;

namespace RallyLive.Grains.Runtime.Invocation;

/// <summary>Lists the grain interfaces and grain classes of one assembly. Generated at build time.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IGrainManifest
{
    void Populate(GrainManifestBuilder builder);
}

/// <summary>Points the runtime at an assembly's generated <see cref="IGrainManifest"/>.</summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainManifestAttribute(Type manifestType) : Attribute
{
    public Type ManifestType { get; } = manifestType;
}

/// <summary>Collects what generated manifests declare.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class GrainManifestBuilder
{
    internal Dictionary<Type, Func<IGrainFactory, GrainId, GrainReference>> Interfaces { get; } = [];

    internal HashSet<Type> GrainClasses { get; } = [];

    public void AddInterface(Type grainInterface, Func<IGrainFactory, GrainId, GrainReference> createReference) =>
        Interfaces[grainInterface] = createReference;

    public void AddGrainClass(Type grainClass) => GrainClasses.Add(grainClass);
}
