using RallyLive.Domain.Narratives;
using RallyLive.Domain.Sentiment;
using RallyLive.Simulator.Scenarios;

namespace RallyLive.Server.Tests;

/// <summary>
/// The shipped scenarios' organic chat must never raise a counter-narrative by itself: the server's text clustering only
/// takes messages that score below zero and have at least two content words, so every organic line must miss one of
/// the two ("what a joke" is negative with one content word; "chasing clout again?" has two and no sentiment).
/// </summary>
public sealed class ScenarioLinesTests
{
    public static TheoryData<string> ShippedScenarios => new() { "true-smile.json", "smile-exchange.json" };

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void OrganicLines_AreNeverNegativeClaims(string file)
    {
        var scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));
        var minimumWords = new NarrativeDetectionOptions().MinimumContentWords;

        var claims = scenario.Beats.SelectMany(b => b.ChatLines.IsDefault ? [] : b.ChatLines)
            .Where(line => ChatSentimentScorer.Default.Score(line) < 0 && ChatText.ContentWords(ChatText.NormalizeDefault(line), 10).Count >= minimumWords);

        Assert.Empty(claims);
    }

    [Theory]
    [MemberData(nameof(ShippedScenarios))]
    public void SloganAndParaphraseCampaigns_PostNegativeClaims_ThatTheServerCanDetect(string file)
    {
        var scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));

        var lines = scenario.Beats.Select(b => b.Campaign).OfType<CampaignBeat>().Where(c => c.Kind != CampaignKind.Raid).SelectMany(c => c.Lines).ToList();

        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.True(ChatSentimentScorer.Default.Score(line) < 0, $"'{line}' does not score below zero"));
    }
}
