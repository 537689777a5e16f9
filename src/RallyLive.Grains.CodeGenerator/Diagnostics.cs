using Microsoft.CodeAnalysis;

namespace RallyLive.Grains.CodeGenerator;

internal static class Diagnostics
{
    private const string Category = "RallyLive.Grains";

    public static readonly DiagnosticDescriptor ReturnType = new(
        "RLG0001", "Grain method must be asynchronous",
        "Grain method {0}.{1} returns {2}; grain methods return Task, Task<T>, ValueTask or ValueTask<T>",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NotAMethod = new(
        "RLG0002", "Grain interfaces declare only methods",
        "Grain interface {0} declares {1}, which is not a method; grain calls are messages, so use an async method",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ByRefParameter = new(
        "RLG0003", "Grain method parameters are passed by value",
        "Parameter '{0}' of grain method {1} is ref, out or in; grain calls copy their arguments",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Generic = new(
        "RLG0004", "Generic grain interfaces and methods are not supported",
        "{0} is generic; RallyLive's grain runtime supports non-generic grain interfaces and methods only",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Inaccessible = new(
        "RLG0005", "Grain classes must be visible to their assembly",
        "Grain class {0} is private or protected; the runtime creates grains from the assembly's manifest, so make it internal or public",
        Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
