using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Data.Sqlite;
using RallyLive.Abstractions.Moderation;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>
/// Acknowledged means durable, across a real crash, twenty times over: the server process is killed (SIGKILL)
/// while 500 viewers vote and chat and a moderator times viewers out, and a new process over the same files finds
/// every acknowledged vote (with its option), message and moderation action, tallies that equal the stored votes,
/// its tokens still valid and the SQLite file intact. On this machine a commit follows its acknowledgement too
/// closely for a kill to land between them, so this test proves recovery; that nothing is acknowledged before it
/// is committed is pinned deterministically by
/// StorageProviderTests.RecordWrite_IsAcknowledgedOnlyOnceCommitted_SoAWriteThatCannotCommitFails.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Viewers = 500;

    /// <summary>Timeouts the moderator hands out at once: the per-connection limit for other calls allows bursts of 20.</summary>
    private const int TimeOuts = 20;

    private readonly ServerFolder _folder = new("rallylive-crash-");

    public static TheoryData<int> Repetitions => [.. Enumerable.Range(1, 20)];

    public void Dispose() => _folder.Dispose();

    [Theory]
    [MemberData(nameof(Repetitions))]
    public async Task EveryAcknowledgedVoteMessageAndModerationAction_SurvivesAKillOfTheServerUnderLoad(int repetition)
    {
        string rallyId, organiserKey, pollId;
        var acknowledgedVotes = new ConcurrentDictionary<string, int>();
        var acknowledgedChat = new ConcurrentBag<string>();
        var acknowledgedTimeOuts = new ConcurrentBag<string>();
        await using (var server = await _folder.StartServerAsync())
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            var api = new ApiClient(http);
            var rally = await api.CreateRallyAsync();
            (rallyId, organiserKey) = (rally.RallyId, rally.OrganiserKey);
            await using var organiser = await OrganiserHubClient.ConnectAsync(server.BaseUrl, organiserKey);
            await organiser.GoLiveAsync();
            pollId = (await organiser.CreatePollAsync(new($"Should smile technology follow a public ethical standard? ({repetition})", ["Yes", "No"]))).PollId;
            await organiser.OpenPollAsync(new(pollId));
            var moderatorKey = await api.MintModeratorAsync(rally, "Ezra");
            await using var moderator = await ModeratorHubClient.ConnectAsync(server.BaseUrl, moderatorKey.Key);

            using var connecting = new SemaphoreSlim(32);
            var viewers = await Task.WhenAll(Enumerable.Range(0, Viewers).Select(async i =>
            {
                await connecting.WaitAsync();
                try
                {
                    var joined = await api.JoinAsync(rallyId, "stage", $"Viewer {i}");
                    var hub = await ViewerHubClient.ConnectAsync(server.BaseUrl, joined.ViewerToken);
                    await hub.JoinStreamAsync(new("stage", $"Viewer {i}"));
                    return (Id: joined.ViewerId, Hub: hub);
                }
                finally
                {
                    connecting.Release();
                }
            }));

            // Everyone votes and chats at once while the moderator times viewers out; the server dies once a
            // quarter of the writes are acknowledged, while the rest are queued or being committed.
            var acknowledged = 0;
            var killNow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            void Acknowledged()
            {
                if (Interlocked.Increment(ref acknowledged) == (2 * Viewers + TimeOuts) / 4)
                {
                    killNow.TrySetResult();
                }
            }

            var calls = viewers.SelectMany((viewer, i) => new[]
            {
                Attempt(async () =>
                {
                    await viewer.Hub.VoteAsync(new(pollId, i % 2));
                    acknowledgedVotes[viewer.Id] = i % 2;
                    Acknowledged();
                }),
                Attempt(async () =>
                {
                    var message = await viewer.Hub.SendChatAsync(new("stage", $"standards now, says viewer {i}"));
                    acknowledgedChat.Add(message.Id);
                    Acknowledged();
                }),
            }).Concat(viewers.Take(TimeOuts).Select(viewer => Attempt(async () =>
            {
                await moderator.TimeOutAsync(new(viewer.Id, 600, "crash test"));
                acknowledgedTimeOuts.Add(viewer.Id);
                Acknowledged();
            }))).ToList();
            await killNow.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await server.KillAsync();
            await Task.WhenAll(calls);
            await Task.WhenAll(viewers.Select(v => v.Hub.DisposeAsync().AsTask()));
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal("ok", await IntegrityCheckAsync());
        await using var restarted = await _folder.StartServerAsync();
        await using var organiserAgain = await OrganiserHubClient.ConnectAsync(restarted.BaseUrl, organiserKey);
        var tallies = (await organiserAgain.GetPollAsync(new(pollId))).Tallies;
        var storedVotes = await StoredRecordsAsync("votes", $"{rallyId}/{pollId}");
        var storedChat = (await StoredRecordsAsync("chat", $"{rallyId}/stage")).Values.Select(m => m.GetProperty("id").GetString()).ToHashSet();
        var timedOut = (await StoredRecordsAsync("audit", rallyId)).Values.Where(a => a.GetProperty("action").GetInt32() == (int)AuditAction.TimeOutViewer)
            .Select(a => a.GetProperty("target").GetString()).ToHashSet();

        Assert.NotEmpty(acknowledgedVotes.Keys.Concat(acknowledgedChat));
        Assert.All(acknowledgedVotes, vote => Assert.Equal(vote.Value, storedVotes[vote.Key].GetInt32()));
        Assert.Equal<int>([storedVotes.Values.Count(v => v.GetInt32() == 0), storedVotes.Values.Count(v => v.GetInt32() == 1)], tallies);
        Assert.Empty(acknowledgedChat.Except(storedChat));
        Assert.Empty(acknowledgedTimeOuts.Except(timedOut));
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
            // Not acknowledged: the server died first (the call was cut off, or refused as it went down). Nothing is claimed about it.
        }
    }

    private async Task<string> IntegrityCheckAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.DataFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The records a grain stored in one collection, read straight from the file: key to JSON payload.</summary>
    private async Task<Dictionary<string, JsonElement>> StoredRecordsAsync(string collection, string grainKey)
    {
        await using var connection = new SqliteConnection($"Data Source={_folder.DataFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT record_key, CAST(payload AS TEXT) FROM grain_record WHERE grain_key = $key AND collection = $collection;";
        command.Parameters.AddWithValue("$key", grainKey);
        command.Parameters.AddWithValue("$collection", collection);
        var records = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            records[reader.GetString(0)] = JsonDocument.Parse(reader.GetString(1)).RootElement.Clone();
        }

        return records;
    }
}
