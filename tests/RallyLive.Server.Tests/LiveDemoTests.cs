using Microsoft.Extensions.DependencyInjection;
using RallyLive.Server.Demo;
using RallyLive.Simulator.Protocol;
using RallyLive.Simulator.Scenarios;
using RallyLive.Simulator.Simulation;

namespace RallyLive.Server.Tests;

/// <summary>
/// The built-in demo, started in process on a real socket with a short scenario: once its crowd has played, the
/// control panel must show the run of show, each poll with exactly the tally the crowd cast, the questions approved,
/// upvoted and shown as the crowd did, and each scripted campaign
/// (and nothing else) as a narrative.
/// </summary>
public sealed class LiveDemoTests : IAsyncLifetime
{
    /// <summary>A rally of under a minute at speed 1, with one poll, a slogan campaign and a raid.</summary>
    internal static readonly string ShortRally = Path.Combine(AppContext.BaseDirectory, "TestScenarios", "short-rally.json");

    /// <summary>
    /// The counter-narrative detector's warm-up for the short rally: by default it raises no text narrative in a rally's
    /// first two minutes of chat, longer than this whole rally, so the test shortens it as an operator can. The warm-up
    /// runs from the first chat message, which comes 20 s after the audience joins (the simulator's quiet after joining)
    /// plus however long the server takes to let the crowd in; the slogan campaign starts 7 s after that on a quick server,
    /// and a 5 s warm-up was still running through the whole campaign when a busy machine let the crowd in a few seconds late.
    /// </summary>
    internal static readonly TimeSpan ShortRallyWarmUp = TimeSpan.FromSeconds(1);

    private readonly LiveServer _server = new(new Dictionary<string, string>
    {
        ["RallyLive:Demo:Enabled"] = "true",
        ["RallyLive:Demo:Scenarios:0"] = ShortRally,
        ["RallyLive:Narratives:WarmUp"] = ShortRallyWarmUp.ToString(),
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Demo_PlaysTheScenario_AndTheControlPanelShowsExactlyWhatTheCrowdDid()
    {
        var run = Assert.Single(await _server.Services.GetRequiredService<LiveDemo>().Completion.WaitAsync(TimeSpan.FromMinutes(5)));
        await using var organiser = await OrganiserConnection.ConnectAsync(new Uri(_server.BaseUrl), run.Rally.OrganiserKey);

        var panel = await organiser.CatchUpAsync();

        Assert.Equal("Ended", panel.Rally.Status);
        Assert.Equal(["Luna Vega", "Dr. Orion Rivers"], panel.Rally.Speakers.Select(s => s.Name));
        Assert.Equal(["luna-vega", "orion-rivers", "luna-vega"], panel.Rally.RunOfShow.Select(s => s.SpeakerId));
        Assert.All(panel.Rally.RunOfShow, segment => Assert.NotNull(segment.StartedAt));
        Assert.Equal(0, run.Result.VotesNotCast);
        var poll = Assert.Single(run.Result.Polls);
        Assert.Equal(poll.Planned, poll.Accepted);
        Assert.Equal(poll.Accepted, (await organiser.GetPollAsync(poll.PollId)).Tallies);
        Assert.Equal(poll.Accepted, Assert.Single(panel.Polls).Tallies);
        var questions = run.Result.Questions;
        Assert.Equal((2, 2, 1), (questions.Planned, questions.Approved, questions.Shown));
        Assert.Equal(questions.UpvotesPlanned, questions.UpvotesCounted);
        var asked = await organiser.GetQuestionsAsync();
        Assert.Equal(["Approved", "Shown"], asked.Select(q => q.State).Order(StringComparer.Ordinal));
        Assert.Equal(questions.UpvotesCounted, asked.Sum(q => q.Upvotes));
        Assert.Equal([CampaignKind.Slogan, CampaignKind.Raid], run.Result.Campaigns.Select(c => c.Kind));
        foreach (var campaign in run.Result.Campaigns)
        {
            Assert.Equal(campaign.Accounts, campaign.MessagesAccepted);
            Assert.Contains(panel.Narratives, n => n.Kind == KindOf(campaign.Kind) && n.Streams.Contains(campaign.Stream) && MostlyFrom(n, campaign));
        }

        // Organic chatter raises nothing: every narrative is made mostly of one campaign's messages.
        Assert.All(panel.Narratives, n => Assert.True(run.Result.Campaigns.Any(c => MostlyFrom(n, c)),
            $"{n.Kind} \"{n.RepresentativeText}\" from {n.DistinctViewers} viewers ({n.MessageCount} messages) is made mostly of organic messages"));
    }

    [Fact]
    public async Task StoppingTheServer_WhileTheCrowdPlays_EndsTheDemoAndTheServer()
    {
        var demo = _server.Services.GetRequiredService<LiveDemo>();
        await demo.Playing.WaitAsync(TimeSpan.FromMinutes(1));

        // Bounded only so that a hang fails the test instead of stalling the run.
        await _server.DisposeAsync().WaitAsync(TimeSpan.FromMinutes(2));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => demo.Completion);
    }

    private static string KindOf(CampaignKind kind) => kind switch
    {
        CampaignKind.Slogan => "NearDuplicate",
        CampaignKind.Paraphrase => "Paraphrase",
        _ => "Raid",
    };

    private static bool MostlyFrom(NarrativeState narrative, CampaignResult campaign) =>
        narrative.MessageIds.Count(campaign.MessageIds.Contains) * 2 > narrative.MessageIds.Count;
}
