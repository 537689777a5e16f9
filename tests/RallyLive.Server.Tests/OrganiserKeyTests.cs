using System.Net;
using System.Net.Http.Json;
using RallyLive.Server.Api;
using RallyLive.Server.Tests.Hubs;

namespace RallyLive.Server.Tests;

/// <summary>An organiser rotates their key (leaked, or a device lost): the old key stops working everywhere at once.</summary>
public sealed class OrganiserKeyTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task RotatingTheKey_GivesANewOne_ClosesThePanelOfTheOld_AndTheOldOpensNothingMore()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var oldPanel = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await oldPanel.CatchUpAsync();

        var rotated = await _server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/organiser-key", rally.OrganiserKey);

        Assert.Equal(HttpStatusCode.OK, rotated.StatusCode);
        var newKey = (await rotated.Content.ReadFromJsonAsync<OrganiserKey>())!.Key;
        Assert.NotEqual(rally.OrganiserKey, newKey);
        await oldPanel.Closed.WaitAsync(Patience);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", rally.OrganiserKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/organiser-key", rally.OrganiserKey)).StatusCode);
        Assert.True(await IsRefusedAsync(rally.OrganiserKey), "a control panel opened with the old key stays open");
        Assert.Equal(HttpStatusCode.OK, (await _server.Api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", newKey)).StatusCode);
        await using var newPanel = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, newKey);
        Assert.Equal(rally.RallyId, (await newPanel.CatchUpAsync()).Rally.RallyId);
    }

    [Fact]
    public async Task RotatingTheKey_OfAnotherRally_OrWithAModeratorKey_IsForbidden()
    {
        var rally = await _server.Api.CreateRallyAsync();
        var other = await _server.Api.CreateRallyAsync();
        var moderator = await _server.Api.MintModeratorAsync(rally, "Ezra");

        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/organiser-key", other.OrganiserKey)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/organiser-key", moderator.Key)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _server.Api.SendAsync(HttpMethod.Post, $"/api/rallies/{rally.RallyId}/organiser-key")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _server.Api.SendAsync(HttpMethod.Get, $"/api/rallies/{rally.RallyId}", rally.OrganiserKey)).StatusCode);
    }

    /// <summary>Whether the organiser hub refuses a key: the connection fails to start, or is closed as soon as it opens.</summary>
    private async Task<bool> IsRefusedAsync(string key)
    {
        try
        {
            await using var panel = await OrganiserHubClient.ConnectAsync(_server.BaseUrl, key);
            await panel.Closed.WaitAsync(Patience);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (Exception refused) when (refused is HttpRequestException or InvalidOperationException or IOException)
        {
            return true;
        }
    }
}
