using System.Reflection;
using System.Text.RegularExpressions;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>docs/protocol.md is the public contract: its method tables must name exactly the hubs' methods.</summary>
public sealed partial class ProtocolDocumentTests
{
    [Theory]
    [InlineData(typeof(ViewerHub), "/hubs/viewer")]
    [InlineData(typeof(OrganiserHub), "/hubs/organiser")]
    [InlineData(typeof(ModeratorHub), "/hubs/moderator")]
    public async Task DocumentedMethods_AreExactlyTheHubsMethods(Type hub, string path)
    {
        var document = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "protocol.md"));
        var section = Regex.Match(document, $@"### [^\n]*`{Regex.Escape(path)}`(?<body>.*?)(?=\n### |\n## |\z)", RegexOptions.Singleline);
        Assert.True(section.Success, $"docs/protocol.md has no section for {path}");

        var documented = MethodTable().Matches(section.Groups["body"].Value)
            .SelectMany(table => MethodRow().Matches(table.Value))
            .Select(m => m.Groups["name"].Value)
            .ToHashSet();
        var actual = hub.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.GetBaseDefinition().DeclaringType == hub)
            .Select(m => m.Name)
            .ToHashSet();

        Assert.Equal(actual.Order(), documented.Order());
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RallyLive.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("RallyLive.sln not found above the test's directory.");
    }

    /// <summary>A table of calls: its header row starts with <c>| method |</c>; it ends at the first line that is not a row.</summary>
    [GeneratedRegex(@"^\| method \|.*?(?=\n[^|]|\z)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex MethodTable();

    /// <summary>A row of a method table: <c>| `JoinStream` | …</c>.</summary>
    [GeneratedRegex(@"^\| `(?<name>[A-Z][A-Za-z]+)` \|", RegexOptions.Multiline)]
    private static partial Regex MethodRow();
}
