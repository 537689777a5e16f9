namespace RallyLive.Server.Tests;

/// <summary>Every hub against every role, over real sockets with the official client. Hub calls act in the token's rally only.</summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task EachHub_AdmitsOnlyItsOwnRole_AndAnotherRallysOrganiserOnlyReachesTheirOwnRally()
    {
        var api = _server.Api;
        var rally = await api.CreateRallyAsync();
        var other = await api.CreateRallyAsync();
        var viewer = await api.JoinAsync(rally.RallyId, "stage", "Reed");
        var moderator = await api.MintModeratorAsync(rally, "Ezra");

        var matrix = await NodeScript.Protocol.RunAsync("authorization.mjs", new
        {
            baseUrl = _server.BaseUrl,
            viewerId = viewer.ViewerId,
            tokens = new { none = (string?)null, viewer = viewer.ViewerToken, moderator = moderator.Key, organiser = rally.OrganiserKey, otherOrganiser = other.OrganiserKey },
        });

        string Admission(string role, string hub) => matrix.GetProperty(role).GetProperty(hub).GetString()!;
        Assert.Equal(["401", "401", "401"], Hubs.Select(hub => Admission("none", hub)));
        Assert.Equal(["allowed", "403", "403"], Hubs.Select(hub => Admission("viewer", hub)));
        Assert.Equal(["403", "allowed", "403"], Hubs.Select(hub => Admission("moderator", hub)));
        Assert.Equal(["403", "403", "allowed"], Hubs.Select(hub => Admission("organiser", hub)));
        Assert.Equal(["403", "403", "allowed"], Hubs.Select(hub => Admission("otherOrganiser", hub)));
        Assert.Equal(rally.RallyId, matrix.GetProperty("organiser").GetProperty("organiserSeesRally").GetString());
        Assert.Equal(other.RallyId, matrix.GetProperty("otherOrganiser").GetProperty("organiserSeesRally").GetString());

        // A viewer's card (GetViewerHistory) is the moderator's alone: only the moderator's connection reached it.
        Assert.Equal(viewer.ViewerId, matrix.GetProperty("moderator").GetProperty("moderatorSeesViewer").GetString());
        Assert.All(new[] { "none", "viewer", "organiser", "otherOrganiser" },
            role => Assert.False(matrix.GetProperty(role).TryGetProperty("moderatorSeesViewer", out _), $"{role} read a viewer's history"));
    }

    private static readonly string[] Hubs = ["/hubs/viewer", "/hubs/moderator", "/hubs/organiser"];
}
