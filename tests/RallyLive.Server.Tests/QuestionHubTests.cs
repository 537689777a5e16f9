using System.Collections.Concurrent;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Abstractions.Questions;
using RallyLive.Server.Realtime;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>Viewers' questions through the three hubs with the official client: who may do what, what each audience is sent, and refusals with their codes.</summary>
public sealed class QuestionHubTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task AQuestion_IsModeratedUpvotedAndShown_AndEachAudienceHearsWhatItMaySee()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        var (ana, _) = await ViewerAsync(rally.RallyId, "Ana");
        var (bo, boHeard) = await ViewerAsync(rally.RallyId, "Bo");
        var moderatorHeard = new Heard();
        moderator.OnQuestionsChanged(moderatorHeard.Add);

        var asked = await ana.AskQuestionAsync(new("stage", "Where will the mini-lab go next?"));
        await moderatorHeard.WaitForAsync(d => d.Questions.Any(q => q.Id == asked.Id && q.State == QuestionState.Pending));
        var pendingForBo = await bo.GetQuestionsAsync();
        var approved = await moderator.ApproveQuestionAsync(new(asked.Id));
        await boHeard.WaitForAsync(d => d.Questions.Any(q => q.Id == asked.Id && q.State == QuestionState.Approved));
        var upvote = await bo.UpvoteQuestionAsync(new(asked.Id));
        var again = await bo.UpvoteQuestionAsync(new(asked.Id));
        await boHeard.WaitForAsync(d => d.Questions.Any(q => q.Id == asked.Id && q.Upvotes == 1));
        var shown = await organiser.ShowQuestionAsync(new(asked.Id));
        await boHeard.WaitForAsync(d => d.Questions.Any(q => q.Id == asked.Id && q.State == QuestionState.Shown));
        var (cleo, _) = await ViewerAsync(rally.RallyId, "Cleo");
        var cleoCatchUp = await cleo.JoinStreamAsync(new("stage", "Cleo"));
        var panel = await organiser.CatchUpAsync();
        var console = await moderator.GetConsoleAsync();
        var cleared = await organiser.ClearShownQuestionAsync();
        await boHeard.WaitForAsync(d => d.Removed.Contains(asked.Id));

        Assert.Equal(("q1", "Ana", "stage", QuestionState.Pending), (asked.Id, asked.DisplayName, asked.StreamId, asked.State));
        Assert.Empty(pendingForBo);
        Assert.Equal(QuestionState.Approved, approved.State);
        Assert.Equal(new UpvoteReceipt(asked.Id, 1, Counted: true), upvote);
        Assert.Equal(new UpvoteReceipt(asked.Id, 1, Counted: false), again);
        Assert.Equal(QuestionState.Shown, shown.State);
        var seen = Assert.Single(cleoCatchUp.Questions);
        Assert.Equal((asked.Id, QuestionState.Shown, 1), (seen.Id, seen.State, seen.Upvotes));
        Assert.Equal([asked.Id], panel.Questions.Select(q => q.Id));
        Assert.Equal([asked.Id], console.Questions.Select(q => q.Id));
        Assert.Equal(QuestionState.Answered, cleared!.State);
        Assert.DoesNotContain(boHeard.All, d => d.Questions.Any(q => q.State == QuestionState.Pending));
    }

    [Fact]
    public async Task TheReport_CountsQuestions_AndListsTheMostUpvotedThatViewersSaw()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        var (ana, _) = await ViewerAsync(rally.RallyId, "Ana");
        var (bo, _) = await ViewerAsync(rally.RallyId, "Bo");
        var shown = await ana.AskQuestionAsync(new("stage", "Who pays for the check-ups?"));
        var popular = await bo.AskQuestionAsync(new("stage", "Can the mini-lab come east?"));
        var rejected = await bo.AskQuestionAsync(new("stage", "Off topic?"));
        await ana.AskQuestionAsync(new("stage", "Still pending?"));
        await moderator.ApproveQuestionAsync(new(shown.Id));
        await moderator.ApproveQuestionAsync(new(popular.Id));
        await moderator.RejectQuestionAsync(new(rejected.Id));
        await ana.UpvoteQuestionAsync(new(popular.Id));
        await organiser.ShowQuestionAsync(new(shown.Id));

        using var response = await _server.Api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}/report", rally.OrganiserKey);
        using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var questions = report.RootElement.GetProperty("questions");

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((4, 2, 1, 1), (questions.GetProperty("asked").GetInt32(), questions.GetProperty("approved").GetInt32(),
            questions.GetProperty("rejected").GetInt32(), questions.GetProperty("shown").GetInt32()));
        Assert.Equal([(popular.Id, 1, "Approved"), (shown.Id, 0, "Shown")], questions.GetProperty("top").EnumerateArray()
            .Select(q => (q.GetProperty("id").GetString(), q.GetProperty("upvotes").GetInt32(), q.GetProperty("state").GetString())));
    }

    [Fact]
    public async Task RefusedQuestionCalls_FailWithTheirCodes_AndAThirdAskWithinTenSecondsIsRateLimited()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var moderatorKey = await _server.Api.MintModeratorAsync(rally, "Ezra");
        await using var organiser = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await using var moderator = await ModeratorHubClient.ConnectAsync(_server.BaseUrl, moderatorKey.Key);
        var joined = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var ana = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        var (bo, _) = await ViewerAsync(rally.RallyId, "Bo");

        // Ana's two asks within ten seconds: refused on a stream she has not joined, then taken; a third is one too many.
        var notJoined = await Refusal(() => ana.AskQuestionAsync(new("darien-live", "On a stream I do not watch?")));
        await ana.JoinStreamAsync(new("stage", "Ana"));
        var tooLong = await Refusal(() => bo.AskQuestionAsync(new("stage", new string('a', 201))));
        var pending = await ana.AskQuestionAsync(new("stage", "Pending?"));
        var rateLimited = await Refusal(() => ana.AskQuestionAsync(new("stage", "Third ask in ten seconds?")));
        var notApproved = await Refusal(() => bo.UpvoteQuestionAsync(new(pending.Id)));
        var notFound = await Refusal(() => bo.UpvoteQuestionAsync(new("q42")));
        var badId = await Refusal(() => moderator.ApproveQuestionAsync(new("Q<1>")));
        var showPending = await Refusal(() => organiser.ShowQuestionAsync(new(pending.Id)));
        await moderator.ApproveQuestionAsync(new(pending.Id));
        var own = await Refusal(() => ana.UpvoteQuestionAsync(new(pending.Id)));
        await moderator.RejectQuestionAsync(new(pending.Id));
        var rejected = await Refusal(() => organiser.ShowQuestionAsync(new(pending.Id)));

        Assert.Equal("ViewerNotJoined", notJoined);
        Assert.Equal("TextTooLong", tooLong);
        Assert.Equal("RateLimited", rateLimited);
        Assert.Equal("QuestionNotApproved", notApproved);
        Assert.Equal("QuestionNotFound", notFound);
        Assert.Equal("InvalidRequest", badId);
        Assert.Equal("QuestionNotApproved", showPending);
        Assert.Equal("InvalidRequest", own);
        Assert.Equal("QuestionNotApproved", rejected);
    }

    private async Task<(ViewerHubClient Client, Heard Heard)> ViewerAsync(string rallyId, string name)
    {
        var joined = await _server.Api.JoinAsync(rallyId, "stage", name);
        var client = await ViewerHubClient.ConnectAsync(_server.BaseUrl, joined.ViewerToken);
        var heard = new Heard();
        client.OnQuestionsChanged(heard.Add);
        await client.JoinStreamAsync(new("stage", name));
        return (client, heard);
    }

    private static async Task<string?> Refusal(Func<Task> call) =>
        TypedHubClient.CodeOf(await Assert.ThrowsAsync<HubException>(call));

    /// <summary>The <c>QuestionsChanged</c> messages one client received, and a wait for one that matches.</summary>
    private sealed class Heard
    {
        private readonly ConcurrentQueue<QuestionsDelta> _all = new();
        private readonly List<(Func<QuestionsDelta, bool> Match, TaskCompletionSource Done)> _waiting = [];

        public IReadOnlyCollection<QuestionsDelta> All => _all;

        public void Add(long sequence, QuestionsDelta delta)
        {
            _all.Enqueue(delta);
            lock (_waiting)
            {
                foreach (var (match, done) in _waiting.Where(w => w.Match(delta)))
                {
                    done.TrySetResult();
                }
            }
        }

        public Task WaitForAsync(Func<QuestionsDelta, bool> match)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_waiting)
            {
                _waiting.Add((match, done));
                if (_all.Any(match))
                {
                    done.TrySetResult();
                }
            }

            return done.Task.WaitAsync(Wait);
        }
    }
}
