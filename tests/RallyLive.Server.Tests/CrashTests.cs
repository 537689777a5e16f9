using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;
using RallyLive.Simulator.Protocol;

namespace RallyLive.Server.Tests;

/// <summary>
/// Acknowledged means durable, across a real crash: the server process is killed (SIGKILL) while votes and chat
/// are in flight, and a new process over the same files finds every acknowledged one, its tokens still valid and
/// the SQLite file intact. On this machine a commit follows its acknowledgement too closely for a kill to land
/// between them, so this test proves recovery; that nothing is acknowledged before it is committed is pinned
/// deterministically by StorageProviderTests.RecordWrite_IsAcknowledgedOnlyOnceCommitted_SoAWriteThatCannotCommitFails.
/// </summary>
public sealed class CrashTests : IDisposable
{
    private const int Viewers = 100;

    /// <summary>Messages each viewer sends at once: the per-connection chat burst allows three.</summary>
    private const int ChatPerViewer = 3;
    private readonly string _directory = Directory.CreateTempSubdirectory("rallylive-crash-").FullName;

    private string DataFile => Path.Combine(_directory, "rallylive.db");

    private string Keys => Path.Combine(_directory, "keys");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task EveryAcknowledgedVoteAndMessage_SurvivesAKillOfTheServer()
    {
        string rallyId, organiserKey, pollId;
        var acknowledgedVotes = new ConcurrentDictionary<string, int>();
        var acknowledgedChat = new ConcurrentBag<string>();
        await using (var server = await ServerProcess.StartAsync(DataFile, Keys))
        {
            using var http = new HttpClient { BaseAddress = new Uri(server.BaseUrl) };
            var api = new ApiClient(http);
            var rally = await api.CreateRallyAsync();
            (rallyId, organiserKey) = (rally.RallyId, rally.OrganiserKey);
            await using var organiser = await HubClient.ConnectAsync(new Uri($"{server.BaseUrl}/hubs/organiser"), organiserKey);
            await organiser.InvokeAsync("GoLive", null);
            pollId = (await organiser.InvokeAsync("CreatePoll", new { question = "Should smile technology follow a public ethical standard?", options = new[] { "Yes", "No" } }))
                .GetProperty("pollId").GetString()!;
            await organiser.InvokeAsync("OpenPoll", new { pollId });

            var viewers = new List<(string Id, HubClient Hub)>();
            for (var i = 0; i < Viewers; i++)
            {
                var joined = await api.JoinAsync(rallyId, "stage", $"Viewer {i}");
                var hub = await HubClient.ConnectAsync(new Uri($"{server.BaseUrl}/hubs/viewer"), joined.ViewerToken);
                await hub.InvokeAsync("JoinStream", new { streamId = "stage", displayName = $"Viewer {i}" });
                viewers.Add((joined.ViewerId, hub));
            }

            // Everyone votes and chats at once (four writes each); the server dies at the first acknowledgement,
            // while most writes are still queued or being committed.
            var firstAcknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var calls = viewers.SelectMany((viewer, i) => new[]
            {
                Attempt(async () =>
                {
                    await viewer.Hub.InvokeAsync("Vote", new { pollId, optionIndex = i % 2 });
                    acknowledgedVotes[viewer.Id] = i % 2;
                    firstAcknowledged.TrySetResult();
                }),
            }.Concat(Enumerable.Range(0, ChatPerViewer).Select(n => Attempt(async () =>
            {
                var message = await viewer.Hub.InvokeAsync("SendChat", new { streamId = "stage", text = $"standards now, says viewer {i} ({n})" });
                acknowledgedChat.Add(message.GetProperty("id").GetString()!);
                firstAcknowledged.TrySetResult();
            })))).ToList();
            await firstAcknowledged.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await server.KillAsync();
            await Task.WhenAll(calls);
        }

        SqliteConnection.ClearAllPools();
        Assert.Equal("ok", await IntegrityCheckAsync());
        await using var restarted = await ServerProcess.StartAsync(DataFile, Keys);
        await using var organiserAgain = await HubClient.ConnectAsync(new Uri($"{restarted.BaseUrl}/hubs/organiser"), organiserKey);
        var poll = await organiserAgain.InvokeAsync("GetPoll", new { pollId });
        var tallies = poll.GetProperty("tallies").EnumerateArray().Select(t => t.GetInt32()).ToArray();
        var storedChat = await StoredMessageIdsAsync(rallyId);

        Assert.NotEmpty(acknowledgedVotes.Keys.Concat(acknowledgedChat));
        for (var option = 0; option < 2; option++)
        {
            Assert.True(tallies[option] >= acknowledgedVotes.Values.Count(v => v == option), $"option {option}: {tallies[option]} stored, fewer than the acknowledged votes");
        }

        Assert.True(tallies.Sum() <= Viewers);
        Assert.Empty(acknowledgedChat.Except(storedChat));
    }

    /// <summary>Waits for a call that may fail because the server was killed under it; only acknowledged calls count.</summary>
    private static async Task Attempt(Func<Task> call)
    {
        try
        {
            await call();
        }
        catch (HubCallException)
        {
            // Not acknowledged: the server died first. Nothing is claimed about it.
        }
    }

    private async Task<string> IntegrityCheckAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DataFile};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA integrity_check;";
        return (string)(await command.ExecuteScalarAsync())!;
    }

    private async Task<HashSet<string>> StoredMessageIdsAsync(string rallyId)
    {
        await using var connection = new SqliteConnection($"Data Source={DataFile};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT CAST(payload AS TEXT) FROM grain_record WHERE grain_type = 'stream' AND grain_key = $key AND collection = 'chat';";
        command.Parameters.AddWithValue("$key", $"{rallyId}/stage");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            using var message = System.Text.Json.JsonDocument.Parse(reader.GetString(0));
            ids.Add(message.RootElement.GetProperty("id").GetString()!);
        }

        return ids;
    }
}
