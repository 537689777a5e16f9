using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace RallyLive.Grains.CodeGenerator;

/// <summary>Reads grain interfaces and grain classes out of a compilation.</summary>
internal sealed class GrainModel(Compilation compilation)
{
    private const string RuntimeNamespace = "RallyLive.Grains.Runtime";

    private static readonly SymbolDisplayFormat TypeFormat = SymbolDisplayFormat.FullyQualifiedFormat.AddMiscellaneousOptions(
        SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

    private readonly INamedTypeSymbol? _grainInterface = compilation.GetTypeByMetadataName(RuntimeNamespace + ".IGrain");
    private readonly INamedTypeSymbol? _grainClass = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Grain");
    private readonly INamedTypeSymbol? _readOnly = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Concurrency.ReadOnlyAttribute");
    private readonly INamedTypeSymbol? _alwaysInterleave = compilation.GetTypeByMetadataName(RuntimeNamespace + ".Concurrency.AlwaysInterleaveAttribute");
    private readonly INamedTypeSymbol? _task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
    private readonly INamedTypeSymbol? _taskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
    private readonly INamedTypeSymbol? _valueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
    private readonly INamedTypeSymbol? _valueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");

    public bool ReferencesRuntime => _grainInterface is not null && _grainClass is not null;

    public bool IsGrainInterface(INamedTypeSymbol type) =>
        type.TypeKind == TypeKind.Interface
        && type.ContainingNamespace?.ToDisplayString() != RuntimeNamespace
        && type.AllInterfaces.Contains(_grainInterface!, SymbolEqualityComparer.Default);

    public bool IsGrainClass(INamedTypeSymbol type)
    {
        if (type.TypeKind != TypeKind.Class || type.IsAbstract || type.IsStatic)
        {
            return false;
        }

        for (var current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, _grainClass))
            {
                return true;
            }
        }

        return false;
    }

    public static string TypeName(ITypeSymbol type) => type.ToDisplayString(TypeFormat);

    /// <summary>The methods a proxy must implement: the interface's own and those of its grain base interfaces.</summary>
    public IEnumerable<ISymbol> MembersToImplement(INamedTypeSymbol grainInterface) =>
        new[] { grainInterface }.Concat(grainInterface.AllInterfaces.Where(IsGrainInterface))
            .SelectMany(type => type.GetMembers());

    public ReturnKind? ClassifyReturn(ITypeSymbol type)
    {
        var definition = type is INamedTypeSymbol { IsGenericType: true } generic ? generic.ConstructedFrom : type;
        if (SymbolEqualityComparer.Default.Equals(definition, _task))
        {
            return ReturnKind.Task;
        }

        if (SymbolEqualityComparer.Default.Equals(definition, _taskOfT))
        {
            return ReturnKind.TaskOfT;
        }

        if (SymbolEqualityComparer.Default.Equals(definition, _valueTask))
        {
            return ReturnKind.ValueTask;
        }

        return SymbolEqualityComparer.Default.Equals(definition, _valueTaskOfT) ? ReturnKind.ValueTaskOfT : null;
    }

    public string Traits(IMethodSymbol method)
    {
        var traits = new List<string>();
        if (HasAttribute(method, _readOnly))
        {
            traits.Add("ReadOnly");
        }

        if (HasAttribute(method, _alwaysInterleave))
        {
            traits.Add("AlwaysInterleave");
        }

        return traits.Count == 0
            ? "global::RallyLive.Grains.Runtime.Invocation.GrainMethodTraits.None"
            : string.Join(" | ", traits.Select(t => "global::RallyLive.Grains.Runtime.Invocation.GrainMethodTraits." + t));
    }

    private static bool HasAttribute(ISymbol symbol, INamedTypeSymbol? attribute) =>
        attribute is not null && symbol.GetAttributes().Any(a => SymbolEqualityComparer.Default.Equals(a.AttributeClass, attribute));
}

internal enum ReturnKind
{
    Task,
    TaskOfT,
    ValueTask,
    ValueTaskOfT,
}
