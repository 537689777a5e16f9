using Microsoft.Extensions.DependencyInjection;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Server.Tests;

/// <summary>Abuse limits over real sockets: per-connection rate limits and bans that close connections.</summary>
public sealed class LimitsTests : IAsyncLifetime
{
    /// <summary>
    /// A short handshake deadline, so the silent connection is closed by the configured limit well inside the script's
    /// wait; and reaction batches that refill one per 100 s after the usual burst of 16, so the flood's 40 calls, one
    /// after another, meet the limit however slowly a busy machine answers them (at 8 a second, a slow enough machine
    /// refilled the bucket between calls and refused none). The flood's connection may be refused as often as it likes
    /// here, so that every call of it is answered (<see cref="RefusedCallsTests"/> closes one that keeps calling).
    /// </summary>
    private readonly LiveServer _server = new(new Dictionary<string, string>
    {
        ["RallyLive:Realtime:HandshakeTimeout"] = "00:00:03",
        ["RallyLive:Realtime:Reactions:PerSecond"] = "0.01",
        ["RallyLive:Realtime:Reactions:Burst"] = "16",
        ["RallyLive:Realtime:RefusedCallsPerViewerConnection:Burst"] = "1000",
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ReactionFlood_IsCutByTheRateLimit_CountsStayExact_AndABanClosesTheViewersConnections()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var viewer = await api.JoinAsync(rally.RallyId, "stage", "Tapper");
        var moderator = await api.MintModeratorAsync(rally, "Ezra");

        var seen = await NodeScript.Protocol.RunAsync("limits.mjs", new
        {
            baseUrl = _server.BaseUrl, viewerToken = viewer.ViewerToken, moderatorKey = moderator.Key, viewerId = viewer.ViewerId, streamId = "stage",
        });

        var accepted = seen.GetProperty("accepted").GetInt32();
        var refused = seen.GetProperty("refusedCodes").GetProperty("RateLimited").GetInt32();
        var stream = await _server.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamGrain>(StreamKey.For(rally.RallyId, "stage")).GetSnapshot(false);
        Assert.Equal(40, accepted + refused);
        Assert.InRange(refused, 1, 40);
        Assert.Equal(16, accepted); // the burst, and no refill within the test
        Assert.Equal(2L * accepted, stream.ReactionTotals["cheer"]);
        Assert.True(seen.GetProperty("closedAfterBan").GetBoolean());
        Assert.True(seen.GetProperty("reconnectClosed").GetBoolean());
    }

    [Fact]
    public async Task BadFramesAndSilentConnections_CloseOnlyTheirConnection_AndWrongArgumentsFailOnlyTheCall()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var raw = await api.JoinAsync(rally.RallyId, "stage", "Raw");
        var good = await api.JoinAsync(rally.RallyId, "stage", "Steady");

        var seen = await NodeScript.Protocol.RunAsync("malformed.mjs", new { baseUrl = _server.BaseUrl, rawToken = raw.ViewerToken, goodToken = good.ViewerToken, streamId = "stage" });

        Assert.True(seen.GetProperty("malformedClosed").GetBoolean());
        Assert.True(seen.GetProperty("oversizedClosed").GetBoolean());
        Assert.True(seen.GetProperty("invalidUtf8Closed").GetBoolean());
        Assert.True(seen.GetProperty("silentClosed").GetBoolean());
        Assert.Equal("refused", seen.GetProperty("wrongTypes").GetString());
        Assert.Equal(1, seen.GetProperty("goodStillWorks").GetInt32());
        Assert.Equal("Connected", seen.GetProperty("goodState").GetString());
    }

    [Fact]
    public async Task RevokedModerator_HasTheirOpenConsoleClosed_AndCannotReconnect()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var moderator = await api.MintModeratorAsync(rally, "Ezra");

        var seen = await NodeScript.Protocol.RunAsync("revoke.mjs", new
        {
            baseUrl = _server.BaseUrl, rallyId = rally.RallyId, organiserKey = rally.OrganiserKey, moderatorId = moderator.ModeratorId, moderatorKey = moderator.Key,
        });

        Assert.True(seen.GetProperty("consoleBefore").GetBoolean());
        Assert.Equal(204, seen.GetProperty("revokeStatus").GetInt32());
        Assert.True(seen.GetProperty("closedOnRevoke").GetBoolean());
        Assert.True(seen.GetProperty("reconnectClosed").GetBoolean());
    }
}
