using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using RallyLive.Server.Api;

namespace RallyLive.Server.Tests;

/// <summary>Every hub against every role, over real sockets with the official client. Hub calls act in the token's rally only.</summary>
public sealed class AuthorizationMatrixTests : IAsyncLifetime
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
    public async Task EachHub_AdmitsOnlyItsOwnRole_AndAnotherRallysOrganiserOnlyReachesTheirOwnRally()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_baseUrl) };
        var api = new ApiClient(http);
        var rally = await api.CreateRallyAsync();
        var other = await api.CreateRallyAsync();
        var viewer = await api.JoinAsync(rally.RallyId, "stage", "Reed");
        using var minted = await api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/moderator-keys", rally.OrganiserKey, new MintModeratorKeyRequest("Ezra"));
        var moderator = (await minted.Content.ReadFromJsonAsync<ModeratorKey>(ApiClient.Json))!;

        var matrix = await ProtocolClient.RunAsync("authorization.mjs", new
        {
            baseUrl = _baseUrl,
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
    }

    private static readonly string[] Hubs = ["/hubs/viewer", "/hubs/moderator", "/hubs/organiser"];
}
