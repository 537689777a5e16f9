using System.Text.Json;
using RallyLive.Simulator.Protocol;

namespace RallyLive.Server.Tests;

/// <summary>The simulator's own SignalR-protocol client against the real server on a real socket.</summary>
public sealed class HubClientTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Viewer_JoinsReactsAndChats_AndAnotherViewerReceivesTheFrames()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        var bo = await _server.Api.JoinAsync(rally.RallyId, "stage", "Bo");
        await using var first = await HubClient.ConnectAsync(Hub("viewer"), ana.ViewerToken);
        await using var second = await HubClient.ConnectAsync(Hub("viewer"), bo.ViewerToken);
        var burst = new TaskCompletionSource<JsonElement[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        var chat = new TaskCompletionSource<JsonElement[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        second.On("ReactionBurst", arguments => burst.TrySetResult(arguments));
        second.On("ChatMessage", arguments => chat.TrySetResult(arguments));

        var joined = await first.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Ana" });
        await second.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Bo" });
        var reacted = await first.InvokeAsync("React", new { streamId = "stage", counts = new Dictionary<string, int> { ["love"] = 4 } });
        await first.InvokeAsync("SendChat", new { streamId = "stage", text = "Smiles for everyone — 😀 ñ ü" });
        var frame = await burst.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var message = await chat.Task.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("stage", joined.GetProperty("stream").GetProperty("setup").GetProperty("streamId").GetString());
        Assert.Equal(4, reacted.GetProperty("accepted").GetInt32());
        Assert.Equal(4, frame[1].GetProperty("reactions").GetProperty("love").GetInt32());
        Assert.True(frame[0].GetInt64() > 0);
        Assert.Equal("Smiles for everyone — 😀 ñ ü", message[1].GetProperty("text").GetString());
    }

    [Fact]
    public async Task RefusedCall_ThrowsWithItsCode_AndTheConnectionCarriesOn()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");
        await using var client = await HubClient.ConnectAsync(Hub("viewer"), ana.ViewerToken);

        var refused = await Assert.ThrowsAsync<HubCallException>(() => client.InvokeAsync("Vote", new { pollId = "poll9", optionIndex = 0 }));
        var joined = await client.InvokeAsync("JoinStream", new { streamId = "stage", displayName = "Ana" });

        Assert.Equal("PollNotFound", refused.Code);
        Assert.True(joined.GetProperty("sequence").GetInt64() >= 0);
    }

    [Fact]
    public async Task Connect_WithATokenOfTheWrongRole_IsRefused()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var ana = await _server.Api.JoinAsync(rally.RallyId, "stage", "Ana");

        var refused = await Assert.ThrowsAsync<HubCallException>(() => HubClient.ConnectAsync(Hub("organiser"), ana.ViewerToken));

        Assert.Contains("did not accept", refused.Message, StringComparison.Ordinal);
    }

    private Uri Hub(string name) => new($"{_server.BaseUrl}/hubs/{name}");
}
