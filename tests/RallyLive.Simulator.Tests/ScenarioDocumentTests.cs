using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using RallyLive.Simulator.Scenarios;

namespace RallyLive.Simulator.Tests;

/// <summary>docs/scenarios.md documents the file format: its field tables must name exactly the fields the loader reads.</summary>
public sealed partial class ScenarioDocumentTests
{
    [Theory]
    [InlineData("Scenario", typeof(Scenario))]
    [InlineData("Rally", typeof(RallySetup))]
    [InlineData("Beat", typeof(Beat))]
    [InlineData("Poll", typeof(PollBeat))]
    [InlineData("Campaign", typeof(CampaignBeat))]
    [InlineData("Questions", typeof(QuestionsBeat))]
    public async Task FieldTable_NamesExactlyTheRecordsFields(string section, Type record)
    {
        var document = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "scenarios.md"));
        var table = Regex.Match(document, $@"### {section}\n\n(?<table>(\|.*\n)+)");

        Assert.True(table.Success, $"docs/scenarios.md has no field table for {section}");
        var documented = FieldName().Matches(table.Groups["table"].Value).Select(m => m.Groups["field"].Value).Order();
        Assert.Equal(Fields(record).Order(), documented);
    }

    [Theory]
    [InlineData(typeof(SpeakerSetup))]
    [InlineData(typeof(StreamSetup))]
    [InlineData(typeof(SegmentSetup))]
    public async Task RallyTable_NamesTheFieldsOfItsParts(Type record)
    {
        var document = await File.ReadAllTextAsync(Path.Combine(RepositoryRoot(), "docs", "scenarios.md"));
        var table = Regex.Match(document, @"### Rally\n\n(?<table>(\|.*\n)+)").Groups["table"].Value;

        Assert.All(Fields(record), field => Assert.Contains($"`{field}`", table, StringComparison.Ordinal));
    }

    private static IEnumerable<string> Fields(Type record) =>
        record.GetConstructors(BindingFlags.Public | BindingFlags.Instance).Single().GetParameters().Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name!));

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

    /// <summary>The first cell of a table row: "| `name` | …".</summary>
    [GeneratedRegex(@"^\| `(?<field>[a-zA-Z]+)` \|", RegexOptions.Multiline)]
    private static partial Regex FieldName();
}
