using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.SignalR;
using RallyLive.Server.Auth;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Tests;

/// <summary>The node's register of open connections: which streams a person still watches, and which tokens have expired.</summary>
public sealed class RallyConnectionsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 14, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ClosingOneOfTwoConnectionsOnAStream_KeepsTheViewerThere_ClosingTheLastLeaves()
    {
        var connections = new RallyConnections();
        var (first, second) = (new FakeConnection("c1"), new FakeConnection("c2"));
        connections.Opened("rally", RallyRole.Viewer, "ana", first);
        connections.Opened("rally", RallyRole.Viewer, "ana", second);
        connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "stage", "Ana");
        connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "street", "Ana");
        connections.Watching("rally", RallyRole.Viewer, "ana", "c2", "stage", "Ana");

        var leftWithFirst = connections.Closed("rally", RallyRole.Viewer, "ana", "c1");
        var leftWithSecond = connections.Closed("rally", RallyRole.Viewer, "ana", "c2");

        Assert.Equal(["street"], leftWithFirst);
        Assert.Equal(["stage"], leftWithSecond);
    }

    [Fact]
    public void LeavingAStreamAnotherConnectionWatches_SaysTheViewerIsStillThere()
    {
        var connections = new RallyConnections();
        connections.Opened("rally", RallyRole.Viewer, "ana", new FakeConnection("c1"));
        connections.Opened("rally", RallyRole.Viewer, "ana", new FakeConnection("c2"));
        connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "stage", "Ana");
        connections.Watching("rally", RallyRole.Viewer, "ana", "c2", "stage", "Ana");

        var stillThere = connections.StoppedWatching("rally", RallyRole.Viewer, "ana", "c1", "stage");
        var stillThereAfterBoth = connections.StoppedWatching("rally", RallyRole.Viewer, "ana", "c2", "stage");

        Assert.True(stillThere);
        Assert.False(stillThereAfterBoth);
        Assert.Empty(connections.Closed("rally", RallyRole.Viewer, "ana", "c1"));
    }

    [Fact]
    public void TheNameAConnectionJoinedAStreamUnder_IsKeptWhileItWatchesThatStream()
    {
        var connections = new RallyConnections();
        connections.Opened("rally", RallyRole.Viewer, "ana", new FakeConnection("c1"));
        connections.Opened("rally", RallyRole.Viewer, "ana", new FakeConnection("c2"));
        var first = connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "stage", "Ana");
        var again = connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "stage", "Ana B.");
        connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "street", "Ana");

        Assert.True(first);
        Assert.False(again);
        Assert.Equal("Ana B.", connections.DisplayNameWatching("rally", RallyRole.Viewer, "ana", "c1", "stage"));
        Assert.Null(connections.DisplayNameWatching("rally", RallyRole.Viewer, "ana", "c2", "stage"));
        Assert.Null(connections.DisplayNameWatching("rally", RallyRole.Viewer, "ben", "c1", "stage"));
        connections.StoppedWatching("rally", RallyRole.Viewer, "ana", "c1", "stage");
        Assert.Null(connections.DisplayNameWatching("rally", RallyRole.Viewer, "ana", "c1", "stage"));
        Assert.Equal("Ana", connections.DisplayNameWatching("rally", RallyRole.Viewer, "ana", "c1", "street"));
    }

    [Fact]
    public void CloseExpired_ClosesTheConnectionsWhoseTokenHasExpired_AndNoOther()
    {
        var connections = new RallyConnections();
        var expired = new FakeConnection("c1", expires: Now - TimeSpan.FromSeconds(1));
        var expiringNow = new FakeConnection("c2", expires: Now);
        var valid = new FakeConnection("c3", expires: Now + TimeSpan.FromMinutes(10));
        var withoutExpiry = new FakeConnection("c4");
        connections.Opened("rally", RallyRole.Viewer, "ana", expired);
        connections.Opened("rally", RallyRole.Viewer, "ana", valid);
        connections.Opened("rally", RallyRole.Moderator, "mod", expiringNow);
        connections.Opened("rally", RallyRole.Viewer, "ben", withoutExpiry);

        var closed = connections.CloseExpired(Now);

        Assert.Equal(2, closed);
        Assert.True(expired.Aborted);
        Assert.True(expiringNow.Aborted);
        Assert.False(valid.Aborted);
        Assert.False(withoutExpiry.Aborted);
    }

    [Fact]
    public void APersonWhoseLastConnectionClosed_ConnectingAgain_IsTrackedAfresh()
    {
        var connections = new RallyConnections();
        connections.Opened("rally", RallyRole.Viewer, "ana", new FakeConnection("c1"));
        connections.Watching("rally", RallyRole.Viewer, "ana", "c1", "stage", "Ana");
        Assert.Equal(["stage"], connections.Closed("rally", RallyRole.Viewer, "ana", "c1"));

        var again = new FakeConnection("c2");
        connections.Opened("rally", RallyRole.Viewer, "ana", again);
        connections.Watching("rally", RallyRole.Viewer, "ana", "c2", "street", "Ana");
        connections.CloseAll("rally", RallyRole.Viewer, "ana");

        Assert.True(again.Aborted);
        Assert.Equal(["street"], connections.Closed("rally", RallyRole.Viewer, "ana", "c2"));
    }
}
