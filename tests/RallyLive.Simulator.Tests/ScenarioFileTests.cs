using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Simulator.Tests;

public sealed class ScenarioFileTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("rallylive-scenarios-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Theory]
    [InlineData("true-smile.json", "True Smile rally", 7, 5)]
    [InlineData("smile-exchange.json", "Showdown at the Smile Exchange", 5, 3)]
    public void ShippedScenario_LoadsWithoutProblems(string file, string title, int beats, int segmentsStarted)
    {
        var scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));

        Assert.Equal(title, scenario.Rally.Title);
        Assert.Equal(beats, scenario.Beats.Length);
        Assert.Equal(segmentsStarted, scenario.Beats.Count(b => b.Action is OrganiserAction.GoLive or OrganiserAction.NextSegment));
        Assert.Contains(scenario.Beats, b => b.Campaign is not null);
        Assert.Contains(scenario.Beats, b => b.Poll is not null);
    }

    [Theory]
    [InlineData("true-smile.json", 2)]
    [InlineData("smile-exchange.json", 1)]
    public void ShippedScenario_PlaysItsRunOfShowToTheEnd_ThenEndsTheRally(string file, int closingBeats)
    {
        var scenario = ScenarioFile.Load(Path.Combine(AppContext.BaseDirectory, "Scenarios", file));

        // Every segment of the run of show is started, and the last thing the organiser does is end the rally.
        Assert.Equal(scenario.Rally.RunOfShow.Length, scenario.Beats.Count(b => b.Action is OrganiserAction.GoLive or OrganiserAction.NextSegment));
        var plan = CrowdPlan.Create(scenario, new CrowdPlanOptions(100, 1, TimeSpan.FromSeconds(20)));
        var last = plan.Actions.Last(a => a.Kind == PlannedActionKind.Organiser);
        Assert.Equal(OrganiserAction.End, scenario.Beats[last.Item].Action);
        Assert.Equal(scenario.Beats.Length - 1, last.Item);

        // After the end nothing is planned but the crowd leaving: votes and chat would only be refused.
        Assert.All(plan.Actions.Where(a => a.At > last.At), a => Assert.Equal(PlannedActionKind.Leave, a.Kind));

        // The closing beats add the organiser's actions and nothing else: the crowd (and the campaigns whose detection
        // docs/narrative-detection.md measures) is the one planned without them.
        var without = CrowdPlan.Create(scenario with { Beats = scenario.Beats[..^closingBeats] }, new CrowdPlanOptions(100, 1, TimeSpan.FromSeconds(20)));
        var closingStarts = scenario.Beats[^closingBeats].At;
        Assert.Equal(without.Actions, plan.Actions.Where(a => !(a.Kind == PlannedActionKind.Organiser && a.At >= closingStarts)));
    }

    [Fact]
    public void MissingFile_IsNamed()
    {
        var path = Path.Combine(_directory, "nowhere.json");

        var problem = Assert.Single(Assert.Throws<ScenarioException>(() => ScenarioFile.Load(path)).Problems);

        Assert.Equal("the file does not exist", problem);
    }

    [Theory]
    [InlineData("""{ "name": "x", "viewers": 10, "rally": { "title": "x", "streams": [ { "id": "s", "name": "S" } ] }, "beats": [ { "label": "a", "at": "soon", "duration": "00:01:00", "audienceShare": 1, "streamShares": { "s": 1 } } ] }""",
        "beats[0].at (line 1)")]
    [InlineData("""{ "name": "x", "viewers": 10, "rally": { "streams": [ { "id": "s", "name": "S" } ] }, "beats": [] }""",
        "rally (line 1)")]
    [InlineData("""{ "name": "x", "viewers": 10, "rally": { "title": "x", "streams": [ { "id": "s", "name": "S" } ] }, "beats": [ """,
        "beats[0] (line 1)")]
    public void UnreadableFile_IsRefusedNamingTheFieldAndLine(string json, string field)
    {
        var path = Write(json);

        var failure = Assert.Throws<ScenarioException>(() => ScenarioFile.Load(path));

        Assert.StartsWith(field, Assert.Single(failure.Problems), StringComparison.Ordinal);
        Assert.StartsWith(path + ": ", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ScenarioThatDoesNotMakeSense_IsRefusedWithEveryProblem()
    {
        var path = Write("""
            {
              "name": "Broken", "viewers": 0,
              "rally": { "title": "Broken", "streams": [ { "id": "main", "name": "Main" } ], "speakers": [],
                         "runOfShow": [ { "title": "Opening", "speakerId": "nobody" } ] },
              "beats": [
                { "label": "one", "at": "00:00:00", "duration": "00:01:00", "audienceShare": 1.5,
                  "streamShares": { "main": 0.5, "backstage": 0.5 },
                  "reactionsPerViewerPerMinute": 5, "reactionMix": { "dance": 1 },
                  "poll": { "question": "?", "options": ["Yes", "No"], "answers": [1] },
                  "campaign": { "kind": "raid", "stream": "backstage", "accounts": 10, "after": "00:00:50", "within": "00:00:30", "lines": ["x"] } },
                { "label": "two", "at": "00:00:30", "duration": "00:00:00", "audienceShare": 1, "streamShares": { "main": 1 },
                  "chatPerViewerPerMinute": 1, "chatLines": ["fine", "how? | "] }
              ]
            }
            """);

        var problems = Assert.Throws<ScenarioException>(() => ScenarioFile.Load(path)).Problems;

        Assert.Equal(
            [
                "viewers", "rally.runOfShow[0].speakerId", "beats[0].audienceShare", "beats[0].streamShares.backstage",
                "beats[0].reactionMix.dance", "beats[0].poll.answers", "beats[0].campaign.stream",
                "beats[0].campaign.within", "beats[1].at", "beats[1].duration", "beats[1].chatLines[1]",
            ],
            problems.Select(p => p[..p.IndexOf(':', StringComparison.Ordinal)]));
    }

    private string Write(string json)
    {
        var path = Path.Combine(_directory, $"{Guid.NewGuid():N}.json");
        File.WriteAllText(path, json);
        return path;
    }
}
