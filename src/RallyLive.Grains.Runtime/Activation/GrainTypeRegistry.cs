using System.Collections.Frozen;
using System.Reflection;
using RallyLive.Grains.Runtime.Invocation;

namespace RallyLive.Grains.Runtime.Activation;

/// <summary>How to make a reference for one grain interface, and which grain class answers it.</summary>
internal sealed record GrainInterfaceInfo(Type InterfaceType, GrainKeyKind KeyKind, Func<IGrainFactory, GrainId, GrainReference> CreateReference, GrainClassInfo? GrainClass, string? Problem);

internal enum GrainKeyKind
{
    String,
    Guid,
    Integer,
}

/// <summary>
/// The grain interfaces and classes of the application, read from the manifests that the code generator
/// writes into every assembly that declares grains. Built once at start-up; read-only afterwards.
/// </summary>
internal sealed class GrainTypeRegistry
{
    private const string RuntimeAssemblyName = "RallyLive.Grains.Runtime";

    private GrainTypeRegistry(FrozenDictionary<Type, GrainInterfaceInfo> interfaces, FrozenDictionary<string, GrainClassInfo> classes)
    {
        Interfaces = interfaces;
        ClassesByGrainType = classes;
    }

    public FrozenDictionary<Type, GrainInterfaceInfo> Interfaces { get; }

    public FrozenDictionary<string, GrainClassInfo> ClassesByGrainType { get; }

    public static GrainTypeRegistry Load(TimeSpan defaultCollectionAge)
    {
        var manifest = new GrainManifestBuilder();
        foreach (var assembly in AssembliesWithGrains())
        {
            foreach (var attribute in assembly.GetCustomAttributes<GrainManifestAttribute>())
            {
                ((IGrainManifest)Activator.CreateInstance(attribute.ManifestType)!).Populate(manifest);
            }
        }

        var classes = manifest.GrainClasses.Select(type => GrainClassInfo.Create(type, defaultCollectionAge)).ToList();
        foreach (var clash in classes.GroupBy(c => c.GrainType).Where(g => g.Count() > 1))
        {
            throw new InvalidOperationException(
                $"Grain classes {string.Join(" and ", clash.Select(c => c.ClassType.FullName))} share the grain type '{clash.Key}'; give one a [GrainType].");
        }

        var interfaces = manifest.Interfaces.ToFrozenDictionary(
            entry => entry.Key,
            entry => Describe(entry.Key, entry.Value, classes));
        return new GrainTypeRegistry(interfaces, classes.ToFrozenDictionary(c => c.GrainType));
    }

    private static GrainInterfaceInfo Describe(Type grainInterface, Func<IGrainFactory, GrainId, GrainReference> createReference, List<GrainClassInfo> classes)
    {
        var keyKind = typeof(IGrainWithGuidKey).IsAssignableFrom(grainInterface) ? GrainKeyKind.Guid
            : typeof(IGrainWithIntegerKey).IsAssignableFrom(grainInterface) ? GrainKeyKind.Integer
            : GrainKeyKind.String;
        var implementations = classes.Where(c => grainInterface.IsAssignableFrom(c.ClassType)).ToList();
        return implementations.Count switch
        {
            1 => new(grainInterface, keyKind, createReference, implementations[0], null),
            0 => new(grainInterface, keyKind, createReference, null, $"No grain class implements {grainInterface.Name}."),
            _ => new(grainInterface, keyKind, createReference, null,
                $"Several grain classes implement {grainInterface.Name} ({string.Join(", ", implementations.Select(c => c.ClassType.Name))}); give each its own interface."),
        };
    }

    /// <summary>The loaded assemblies and everything they reference, keeping those that reference this runtime.</summary>
    private static IEnumerable<Assembly> AssembliesWithGrains()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<Assembly>(AppDomain.CurrentDomain.GetAssemblies());
        if (Assembly.GetEntryAssembly() is { } entry)
        {
            queue.Enqueue(entry);
        }

        while (queue.TryDequeue(out var assembly))
        {
            if (assembly.IsDynamic || !seen.Add(assembly.FullName!))
            {
                continue;
            }

            var references = assembly.GetReferencedAssemblies();
            if (references.Any(r => r.Name == RuntimeAssemblyName))
            {
                yield return assembly;
            }

            foreach (var reference in references.Where(r => !IsFrameworkAssembly(r) && !seen.Contains(r.FullName)))
            {
                if (TryLoad(reference) is { } loaded)
                {
                    queue.Enqueue(loaded);
                }
            }
        }
    }

    private static bool IsFrameworkAssembly(AssemblyName name) =>
        name.Name is null or "System" or "netstandard" or "mscorlib"
        || name.Name.StartsWith("System.", StringComparison.Ordinal)
        || name.Name.StartsWith("Microsoft.", StringComparison.Ordinal);

    private static Assembly? TryLoad(AssemblyName name)
    {
        try
        {
            return Assembly.Load(name);
        }
        catch (FileNotFoundException)
        {
            // A compile-time reference that is not deployed (e.g. a reference assembly) cannot hold grains we run.
            return null;
        }
    }
}
