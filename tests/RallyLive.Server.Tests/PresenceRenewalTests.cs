using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RallyLive.Abstractions.Streams;
using RallyLive.Grains.Streams;
using RallyLive.Server.Auth;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>
/// A node renews its hold on the viewers its connections watch: a stream counts exactly those, whatever it remembered,
/// so one that forgot them (its grain moved) counts them again, and one the node no longer watches lets them go.
/// </summary>
public sealed class PresenceRenewalTests
{
    [Fact]
    public async Task ARenewal_GivesEachStreamExactlyTheViewersThisNodeWatchesThere_AndReleasesAStreamItNoLongerWatches()
    {
        await using var server = new ServerFactory();
        var rally = await new ApiClient(server.CreateClient()).CreateRallyAsync();
        var grains = server.Services.GetRequiredService<IGrainFactory>();
        var stage = grains.GetGrain<IStreamGrain>(StreamKey.For(rally.RallyId, "stage"));
        var connections = new RallyConnections();
        var renewal = new PresenceRenewal(connections, grains, new ThisNode(), server.Services.GetRequiredService<IOptions<StreamOptions>>(),
            TimeProvider.System, NullLogger<PresenceRenewal>.Instance);
        foreach (var (viewer, connection) in new[] { ("v-ana", "c1"), ("v-ana", "c2"), ("v-ben", "c3") })
        {
            connections.Opened(rally.RallyId, RallyRole.Viewer, viewer, new FakeConnection(connection));
            connections.Watching(rally.RallyId, RallyRole.Viewer, viewer, connection, "stage", viewer[2..]);
        }

        // Nobody joined through the stream itself: the renewal alone makes them present.
        var beforeAnyRenewal = (await stage.GetSnapshot(forModerators: false)).Viewers;
        await renewal.RenewAsync();
        var held = (await stage.GetSnapshot(forModerators: false)).Viewers;
        var bensName = await stage.GetJoinedViewerName("v-ben");
        connections.Closed(rally.RallyId, RallyRole.Viewer, "v-ben", "c3");
        connections.Closed(rally.RallyId, RallyRole.Viewer, "v-ana", "c1"); // her second tab still watches
        await renewal.RenewAsync();
        var afterBenWent = (await stage.GetSnapshot(forModerators: false)).Viewers;
        connections.Closed(rally.RallyId, RallyRole.Viewer, "v-ana", "c2");
        await renewal.RenewAsync();
        var afterTheLast = (await stage.GetSnapshot(forModerators: false)).Viewers;

        Assert.Equal((0, 2, "ben"), (beforeAnyRenewal, held, bensName));
        Assert.Equal((1, 0), (afterBenWent, afterTheLast));
    }
}
