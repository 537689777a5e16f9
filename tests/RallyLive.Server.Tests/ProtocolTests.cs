using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace RallyLive.Server.Tests;

/// <summary>The hubs over a real socket, driven by the official SignalR JavaScript client.</summary>
public sealed class ProtocolTests : IAsyncLifetime
{
    private readonly ServerFactory _server = new() { UseManualClock = false };
    private string _baseUrl = null!;

    public Task InitializeAsync()
    {
        _server.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        _server.StartServer();
        _baseUrl = _server.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ViewerSession_ReactsChatsAndVotes_AndTheOthersSeeIt()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        var api = new ApiClient(http);
        var rally = await api.CreateRallyAsync();
        var alice = await api.JoinAsync(rally.RallyId, "stage", "Alice");
        var bob = await api.JoinAsync(rally.RallyId, "stage", "Bob");

        var seen = await ProtocolClient.RunAsync("session.mjs", new
        {
            baseUrl = _baseUrl,
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
