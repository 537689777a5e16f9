using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using RallyLive.Grains.CodeGenerator;

namespace RallyLive.Grains.CodeGenerator.Tests;

/// <summary>Runs the generator on small sources and compiles the result against the real runtime.</summary>
public sealed class GeneratorTests
{
    private const string Usings = """
        using System.Threading.Tasks;
        using RallyLive.Grains.Runtime;
        using RallyLive.Grains.Runtime.Concurrency;
        namespace Demo;
        """;

    [Fact]
    public void ValidGrain_GetsAProxyAndAManifest_ThatCompile()
    {
        var (diagnostics, compilation) = Run(Usings + """
            public interface IBaseGrain : IGrainWithStringKey { Task Reset(); }
            public interface IPollGrain : IBaseGrain
            {
                ValueTask<int> Vote(string option, int weight);
                [ReadOnly] Task<string[]> Options();
                ValueTask Close();
            }
            public sealed class PollGrain : Grain, IPollGrain
            {
                public Task Reset() => Task.CompletedTask;
                public ValueTask<int> Vote(string option, int weight) => ValueTask.FromResult(weight);
                public Task<string[]> Options() => Task.FromResult(new[] { "co-ops" });
                public ValueTask Close() => ValueTask.CompletedTask;
            }
            """);

        Assert.Empty(diagnostics);
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));
        var generated = string.Join("\n", compilation.SyntaxTrees.Select(t => t.ToString()));
        Assert.Contains("builder.AddInterface(typeof(global::Demo.IPollGrain)", generated, StringComparison.Ordinal);
        Assert.Contains("builder.AddGrainClass(typeof(global::Demo.PollGrain))", generated, StringComparison.Ordinal);
        Assert.Contains("new(\"IPollGrain\", \"Options\", global::RallyLive.Grains.Runtime.Invocation.GrainMethodTraits.ReadOnly)", generated, StringComparison.Ordinal);
        Assert.Contains("new(\"IBaseGrain\", \"Reset\"", generated, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("int Count();", "RLG0001")]
    [InlineData("Task<int> Count { get; }", "RLG0002")]
    [InlineData("Task Move(ref int position);", "RLG0003")]
    [InlineData("Task<T> Echo<T>(T value);", "RLG0004")]
    public void InvalidGrainInterface_IsReportedWithItsRule(string member, string rule)
    {
        var (diagnostics, _) = Run(Usings + $$"""
            public interface IBrokenGrain : IGrainWithStringKey { {{member}} }
            """);

        var diagnostic = Assert.Single(diagnostics);
        Assert.Equal(rule, diagnostic.Id);
        Assert.Equal(DiagnosticSeverity.Error, diagnostic.Severity);
    }

    [Theory]
    [InlineData("public sealed class EchoGrain<T> : Grain, IEchoGrain { public Task Echo() => Task.CompletedTask; }", "RLG0004")]
    [InlineData("public static class Outer { private sealed class EchoGrain : Grain, IEchoGrain { public Task Echo() => Task.CompletedTask; } }", "RLG0005")]
    public void GrainClass_TheManifestCannotName_IsReportedWithItsRule(string grainClass, string rule)
    {
        var (diagnostics, _) = Run(Usings + "public interface IEchoGrain : IGrainWithStringKey { Task Echo(); }\n" + grainClass);

        Assert.Equal(rule, Assert.Single(diagnostics).Id);
    }

    [Fact]
    public void ProjectWithoutGrains_GetsNothingGenerated()
    {
        var (diagnostics, compilation) = Run(Usings + "public interface IPlain { Task Run(); }");

        Assert.Empty(diagnostics);
        Assert.Single(compilation.SyntaxTrees);
    }

    private static (IReadOnlyList<Diagnostic> Diagnostics, Compilation Output) Run(string source)
    {
        var references = AppDomain.CurrentDomain.GetAssemblies()
            .Where(a => !a.IsDynamic && a.Location.Length > 0)
            .Append(typeof(Runtime.Grain).Assembly)
            .Select(a => MetadataReference.CreateFromFile(a.Location));
        var compilation = CSharpCompilation.Create("Demo.Grains", [CSharpSyntaxTree.ParseText(source)], references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));

        CSharpGeneratorDriver.Create(new GrainCodeGenerator())
            .RunGeneratorsAndUpdateCompilation(compilation, out var output, out var diagnostics);
        return (diagnostics, output);
    }
}
