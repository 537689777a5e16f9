namespace RallyLive.Server.Tests;

/// <summary>The server's pages in real headless Chromium (Debian's, driven by playwright-core), with screenshots saved.</summary>
public sealed class BrowserTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Browser_ReachesTheServer()
    {
        var seen = await NodeScript.Browser.RunAsync("health.mjs", new { baseUrl = _server.BaseUrl, screenshotDirectory = NodeScript.ScreenshotDirectory });

        Assert.Equal("Healthy", seen.GetProperty("text").GetString());
        Assert.True(File.Exists(seen.GetProperty("screenshot").GetString()));
    }
}
