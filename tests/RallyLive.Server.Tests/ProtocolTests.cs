namespace RallyLive.Server.Tests;

/// <summary>The hubs over a real socket, driven by the official SignalR JavaScript client.</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ViewerSession_ReactsChatsAndVotes_AndTheOthersSeeIt()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var alice = await api.JoinAsync(rally.RallyId, "stage", "Alice");
        var bob = await api.JoinAsync(rally.RallyId, "stage", "Bob");

        var seen = await NodeScript.Protocol.RunAsync("session.mjs", new
        {
            baseUrl = _server.BaseUrl,
            organiserKey = rally.OrganiserKey,
            viewers = new[] { new { token = alice.ViewerToken }, new { token = bob.ViewerToken } },
            streamId = "stage",
        });

        Assert.Equal("Live", seen.GetProperty("live").GetString());
        Assert.Equal("stage", seen.GetProperty("joined").GetString());
        Assert.Equal([2, 0], seen.GetProperty("tallies").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal([2, 0], seen.GetProperty("announcedTallies").EnumerateArray().Select(t => t.GetInt32()));
        Assert.Equal("Vanessa Chen", seen.GetProperty("speakerSeenByBob").GetString());
        Assert.Equal(3, seen.GetProperty("burst").GetProperty("cheer").GetInt32());
        Assert.Equal("<img src=x onerror=alert(1)> Vanessa for standards!", seen.GetProperty("chatSeenByBob").GetString());
        Assert.True(seen.GetProperty("bobSequencesIncrease").GetBoolean());
        var catchUp = seen.GetProperty("catchUp");
        Assert.True(catchUp.GetProperty("sequence").GetInt64() >= seen.GetProperty("bobLastSequence").GetInt64());
        Assert.Equal("Vanessa Chen", catchUp.GetProperty("speaker").GetString());
        Assert.Equal(["<img src=x onerror=alert(1)> Vanessa for standards!"], catchUp.GetProperty("chat").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal([2, 0], catchUp.GetProperty("tallies").EnumerateArray().Select(t => t.GetInt32()));
        var refusals = seen.GetProperty("refusals");
        Assert.StartsWith("PollNotFound:", refusals.GetProperty("voteOnUnknownPoll").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("ReactionCountOutOfRange:", refusals.GetProperty("tooManyTaps").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("InvalidRequest:", refusals.GetProperty("unknownStream").GetString(), StringComparison.Ordinal);
        Assert.Contains("GoLive", refusals.GetProperty("unknownMethod").GetString(), StringComparison.Ordinal);
        Assert.Contains("403", seen.GetProperty("viewerOnOrganiserHub").GetString(), StringComparison.Ordinal);
    }
}
