using System.Collections.Concurrent;
using System.Net.WebSockets;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using RallyLive.Abstractions.Questions;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>
/// Acknowledged questions and upvotes survive a real crash: the server process is killed (SIGKILL) while viewers ask
/// questions and upvote an approved one at once, and a new process over the same files has every acknowledged
/// question, the approval acknowledged before, and every acknowledged upvote in the count, which equals what is stored.
/// </summary>
public sealed class QuestionCrashTests : IDisposable
{
    private const int Viewers = 200;

    private readonly ServerFolder _folder = new("rallylive-question-crash-");

    public static TheoryData<int> Repetitions => [.. Enumerable.Range(1, 3)];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Repetitions))]
    public async Task EveryAcknowledgedQuestionAndUpvote_SurvivesAKillOfTheServer(int repetition)
    {
        string organiserKey, approvedId;
        var acknowledgedQuestions = new ConcurrentDictionary<string, string>();
        var acknowledgedUpvotes = new ConcurrentBag<string>();
        await using (var server = await _folder.StartServerAsync())
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            var api = new ApiClient(http);
            var rally = await api.CreateRallyAsync();
            organiserKey = rally.OrganiserKey;
            var moderatorKey = await api.MintModeratorAsync(rally, "Ezra");
            await using var moderator = await ModeratorHubClient.ConnectAsync(server.BaseUrl, moderatorKey.Key);
            var asker = await api.JoinAsync(rally.RallyId, "stage", "Luna's fan");
            await using var askerHub = await ViewerHubClient.ConnectAsync(server.BaseUrl, asker.ViewerToken);
            await askerHub.JoinStreamAsync(new("stage", "Luna's fan"));
            approvedId = (await askerHub.AskQuestionAsync(new("stage", $"Where will the mini-lab go next? ({repetition})"))).Id;
            await moderator.ApproveQuestionAsync(new(approvedId));

            using var connecting = new SemaphoreSlim(32);
            var viewers = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(async i =>
            {
                await connecting.WaitAsync();
                try
                {
                    var joined = await api.JoinAsync(rally.RallyId, "stage", $"Viewer {i}");
                    var hub = await ViewerHubClient.ConnectAsync(server.BaseUrl, joined.ViewerToken);
                    await hub.JoinStreamAsync(new("stage", $"Viewer {i}"));
                    return (Id: joined.ViewerId, Hub: hub);
                }
                finally
                {
                    connecting.Release();
                }
            }));

            // Every viewer upvotes, and every fourth asks a question of their own, at once; the server dies once a
            // quarter of them are acknowledged.
            var acknowledged = 0;
            var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Acknowledged()
            {
                if (Interlocked.Increment(ref acknowledged) == (Viewers + Viewers / 4) / 4)
                {
                    killNow.TrySetResult();
                }
            }

            var calls = viewers.SelectMany((viewer, i) => new[]
            {
                Attempt(async () =>
                {
                    await viewer.Hub.UpvoteQuestionAsync(new(approvedId));
                    acknowledgedUpvotes.Add(viewer.Id);
                    Acknowledged();
                }),
                i % 4 != 0 ? Task.CompletedTask : Attempt(async () =>
                {
                    var question = await viewer.Hub.AskQuestionAsync(new("stage", $"Who pays for the check-ups, asks viewer {i}?"));
                    acknowledgedQuestions[question.Id] = question.Text;
                    Acknowledged();
                }),
            }).ToList();
            await killNow.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await server.KillAsync();
            await Task.WhenAll(calls);
            await Task.WhenAll(viewers.Select(v => v.Hub.DisposeAsync().AsTask()));
        }

        SqliteConnection.ClearAllPools();
        await using var restarted = await _folder.StartServerAsync();
        await using var organiser = await OrganiserHubClient.ConnectAsync(restarted.BaseUrl, organiserKey);
        var questions = (await organiser.GetQuestionsAsync()).ToDictionary(q => q.Id);

        Assert.NotEmpty(acknowledgedUpvotes);
        var approved = questions[approvedId];
        Assert.Equal(QuestionState.Approved, approved.State);
        Assert.InRange(approved.Upvotes, acknowledgedUpvotes.Count, Viewers);
        Assert.All(acknowledgedQuestions, asked => Assert.Equal((asked.Value, QuestionState.Pending), (questions[asked.Key].Text, questions[asked.Key].State)));
        Assert.Equal(approved.Upvotes, await StoredUpvotesAsync(approvedId));
    }

    /// <summary>Waits for a call that may fail because the server was killed under it; only acknowledged calls count.</summary>
    private static async Task Attempt(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (Exception exception) when (exception is HubException or OperationCanceledException or InvalidOperationException or WebSocketException or IOException)
        {
            // Not acknowledged: the server died first. Nothing is claimed about it.
        }
    }

    /// <summary>The upvote records of one question, read straight from the file.</summary>
    private async Task<long> StoredUpvotesAsync(string questionId)
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.DataFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM grain_record WHERE collection = 'upvotes' AND record_key LIKE $prefix;";
        command.Parameters.AddWithValue("$prefix", int.Parse(questionId[1..], System.Globalization.CultureInfo.InvariantCulture).ToString("D6", System.Globalization.CultureInfo.InvariantCulture) + "/%");
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
