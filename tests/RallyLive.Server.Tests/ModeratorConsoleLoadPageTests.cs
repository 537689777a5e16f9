namespace RallyLive.Server.Tests;

/// <summary>
/// The moderator console in real headless Chromium under a flood of chat (the per-viewer chat limit raised so that ten
/// viewers can send hundreds of messages at once): the page stays bounded and keeps pausing and resuming.
/// </summary>
public sealed class ModeratorConsoleLoadPageTests : IAsyncLifetime
{
    private const int PerViewer = 70;

    private readonly LiveServer _server = new(new Dictionary<string, string>
    {
        ["RallyLive:Realtime:Chat:PerSecond"] = "1000",
        ["RallyLive:Realtime:Chat:Burst"] = "1000",
    });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ModeratorConsole_UnderAFlood_KeepsAtMost500Rows_AndAPausedQueueOnlyCountsTheNextFlood()
    {
        var rally = await _server.Api.CreateRallyAsync();
        await using var organiser = await Hubs.OrganiserHubClient.ConnectAsync(_server.BaseUrl, rally.OrganiserKey);
        await organiser.GoLiveAsync();

        var seen = await NodeScript.Browser.RunAsync("moderator-console-load.mjs", new Dictionary<string, object>
        {
            ["baseUrl"] = _server.BaseUrl,
            ["screenshotDirectory"] = NodeScript.ScreenshotDirectory,
            ["rallyId"] = rally.RallyId,
            ["streamId"] = "stage",
            ["moderatorKey"] = (await _server.Api.MintModeratorAsync(rally, "Ezra")).Key,
            ["perViewer"] = PerViewer,
        });

        Assert.Equal(500, seen.GetProperty("afterFirst").GetInt32());
        Assert.Equal(500, seen.GetProperty("newestShown").GetInt32());
        Assert.True(seen.GetProperty("unchangedWhilePaused").GetBoolean(), "the paused queue did not move");
        Assert.Equal(500, seen.GetProperty("afterSecond").GetInt32());
        Assert.Equal(500, seen.GetProperty("secondShown").GetInt32());
        Assert.True(seen.GetProperty("newestInView").GetBoolean(), "the newest message is in view after resuming");
        Assert.Empty(seen.GetProperty("problems").EnumerateArray());
    }
}
