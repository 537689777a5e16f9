using System.Text.Json;

namespace RallyLive.Server.Tests;

/// <summary>The server's pages in real headless Chromium (Debian's, driven by playwright-core), with screenshots saved.</summary>
public sealed class BrowserTests : IAsyncLifetime
{
    /// <summary>Untrusted text that would run script if it were ever parsed as markup.</summary>
    private const string ImagePayload = """<img src=x onerror="window.__xss=(window.__xss||[]).concat('img')">""";

    private const string ScriptPayload = "<script>window.__xss=(window.__xss||[]).concat('script')</script>";

    /// <summary>For scripts that wait out reconnect back-off or start the server twice: room on a busy machine.</summary>
    private static readonly TimeSpan SlowScript = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The counter-narrative detector without its warm-up: the organiser's script pushes a campaign into a rally's first
    /// seconds of chat, where the default two minutes of warm-up raise no text narrative.
    /// </summary>
    private readonly LiveServer _server = new(new Dictionary<string, string> { ["RallyLive:Narratives:WarmUp"] = "00:00:00" });

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Browser_ReachesTheServer()
    {
        var seen = await NodeScript.Browser.RunAsync("health.mjs", new { baseUrl = _server.BaseUrl, screenshotDirectory = NodeScript.ScreenshotDirectory });

        Assert.Equal("Healthy", seen.GetProperty("text").GetString());
        Assert.True(File.Exists(seen.GetProperty("screenshot").GetString()));
    }

    [Fact]
    public async Task Organiser_CreatesARally_RunsItLive_AndReadsTheReport_WithUntrustedTextShownLiterally()
    {
        var payloads = new
        {
            title = $"Rally {ImagePayload}",
            speaker = $"{ScriptPayload}Elara Vale",
            option = $"{ImagePayload} Yes",
            pin = $"{ScriptPayload} Doors close at nine",
            chat = new[] { ImagePayload, ScriptPayload },
        };

        var seen = await NodeScript.Browser.RunAsync("control.mjs", new { baseUrl = _server.BaseUrl, screenshotDirectory = NodeScript.ScreenshotDirectory, payloads }, SlowScript);

        // Created from the landing page; the key left the address bar at once.
        Assert.Matches(@"/rallies/r-[0-9a-f]+/control$", Text(seen, "urlAfterCreate"));
        Assert.Equal(payloads.title, Text(seen, "title"));
        Assert.Equal("Draft", Text(seen, "statusBefore"));
        Assert.Equal(payloads.speaker, Text(seen, "firstSpeaker"));
        Assert.Equal("Vanessa Chen", Text(seen, "secondSpeaker"));
        Assert.False(seen.GetProperty("nextEnabledOnLast").GetBoolean());

        // Two viewers voted and reacted: tallies, rates and the chart moved.
        Assert.Equal(["2 · 100%", "0 · 0%"], Strings(seen, "tallies"));
        Assert.Equal([payloads.option, "No"], Strings(seen, "pollOptionLabels"));
        Assert.DoesNotMatch(@"^0\.0", Text(seen, "cheerRate"));
        Assert.True(seen.GetProperty("chartPoints").GetInt32() >= 2);

        // A counter-narrative whose samples carry the payloads, answered with a pinned response.
        Assert.Contains(payloads.chat[0], Text(seen, "narrativeText") + string.Join("\n", Strings(seen, "narrativeSamples")), StringComparison.Ordinal);
        Assert.Contains(Strings(seen, "narrativeSamples"), sample => sample.StartsWith(ScriptPayload, StringComparison.Ordinal));
        Assert.Equal(["Every penny is in the published accounts.", payloads.pin], Strings(seen, "pinned"));
        Assert.Equal(["Every penny is in the published accounts."], Strings(seen, "pinnedAfterUnpin"));
        Assert.Matches(@"^http://127\.0\.0\.1:[0-9]+/rallies/r-[0-9a-f]+/moderate#key=.+", Text(seen, "moderatorLink"));

        // The moderator's slow mode reaches the panel's moderation summary, with the action in its audit lines.
        Assert.StartsWith("Slow mode: one message every 10 s", Text(seen, "moderationModes"), StringComparison.Ordinal);
        Assert.Contains(Strings(seen, "moderationActions"), line => line.Contains("Mo set chat modes: slow 10s", StringComparison.Ordinal));

        // Nothing ran, no element came from the payloads, no page error, console error or failed request.
        foreach (var page in new[] { "controlXss", "reportXss" })
        {
            var xss = seen.GetProperty(page);
            Assert.Equal(0, xss.GetProperty("ran").GetArrayLength());
            Assert.Equal(0, xss.GetProperty("images").GetInt32());
        }

        Assert.Equal(0, seen.GetProperty("controlXss").GetProperty("scripts").GetInt32());
        Assert.Empty(Strings(seen, "controlProblems"));
        Assert.Empty(Strings(seen, "reportProblems"));

        // The report: rendered from its link (key removed), both downloads carry the rally.
        Assert.Matches(@"/rallies/r-[0-9a-f]+/report$", Text(seen, "reportUrl"));
        Assert.Equal(payloads.title, Text(seen, "reportTitle"));
        Assert.Equal(1, seen.GetProperty("reportPolls").GetInt32());
        Assert.StartsWith("Answered with a pinned response", Text(seen, "reportNarrativeOutcome"), StringComparison.Ordinal);
        Assert.EndsWith(".json", Text(seen, "jsonFileName"), StringComparison.Ordinal);
        Assert.EndsWith(".csv", Text(seen, "csvFileName"), StringComparison.Ordinal);
        Assert.StartsWith("{\"rally\":", Text(seen, "jsonContent"), StringComparison.Ordinal);
        Assert.StartsWith("second,stream,segment,speaker,reactions,chat_messages,viewers,sentiment_index,energy", Text(seen, "csvContent"), StringComparison.Ordinal);
        foreach (var shot in new[] { "landingScreenshot", "controlScreenshot", "controlFinalScreenshot", "reportScreenshot" })
        {
            Assert.True(File.Exists(Text(seen, shot)), shot);
        }
    }

    [Fact]
    public async Task ControlPanel_ShowsALostConnectionAsStale_AndCatchesUpWhenItReturns()
    {
        var seen = await NodeScript.Browser.RunAsync("reconnect.mjs", new { baseUrl = _server.BaseUrl, screenshotDirectory = NodeScript.ScreenshotDirectory }, SlowScript);

        var before = seen.GetProperty("before");
        var during = seen.GetProperty("during");
        var after = seen.GetProperty("after");
        Assert.Equal("live", Text(before, "banner"));
        Assert.Equal("1 vote", Text(before, "total"));
        Assert.Equal("1", Text(before, "totalOpacity"));

        // While cut off: the banner says so, and the tally (which misses the votes cast meanwhile) is greyed as stale.
        Assert.Equal("reconnecting", Text(during, "banner"));
        Assert.Contains("Connection lost", Text(during, "bannerText"), StringComparison.Ordinal);
        Assert.Equal("1 vote", Text(during, "total"));
        Assert.NotEqual("1", Text(during, "totalOpacity"));
        Assert.True(seen.GetProperty("refused").GetInt32() >= 1);

        // Back: reconnected by itself and caught up with the two votes cast while offline.
        Assert.Equal("live", Text(after, "banner"));
        Assert.Equal("3 votes", Text(after, "total"));
        Assert.Equal("1", Text(after, "totalOpacity"));
        Assert.Equal(["1 · 33%", "2 · 67%"], Strings(seen, "tallies"));
        Assert.Empty(Strings(seen, "problems"));
        Assert.True(File.Exists(Text(seen, "staleScreenshot")));
        Assert.True(File.Exists(Text(seen, "recoveredScreenshot")));
    }

    [Fact]
    public async Task Pages_WithoutTheRightKey_OfferNothing_AndSayWhy()
    {
        var seen = await NodeScript.Browser.RunAsync("refused.mjs", new { baseUrl = _server.BaseUrl, screenshotDirectory = NodeScript.ScreenshotDirectory });

        Assert.Contains("needs the organiser's link", Text(seen.GetProperty("noKey"), "text"), StringComparison.Ordinal);
        Assert.Contains("refused this link's key", Text(seen.GetProperty("viewerKey"), "text"), StringComparison.Ordinal);
        Assert.Contains("(Unauthenticated)", Text(seen.GetProperty("forged"), "text"), StringComparison.Ordinal);
        foreach (var page in new[] { "noKey", "viewerKey", "forged" })
        {
            Assert.Empty(Strings(seen.GetProperty(page), "buttons"));
        }

        Assert.True(seen.GetProperty("refusedRequests").GetInt32() >= 2);
        Assert.Empty(Strings(seen, "problems"));
    }

    [Fact]
    public async Task ControlPanel_WhenTheServerIsKilledAndRestarted_ShowsItDown_AndCatchesUpFromStorage()
    {
        var directory = Directory.CreateTempSubdirectory("rallylive-browser-restart-");
        try
        {
            var url = $"http://127.0.0.1:{LoopbackPort.Free()}";
            var server = new
            {
                dll = Path.Combine(AppContext.BaseDirectory, "RallyLive.Server.dll"),
                environment = new Dictionary<string, string>
                {
                    ["ASPNETCORE_ENVIRONMENT"] = "Production",
                    ["Urls"] = url,
                    ["Grains__Storage__Default__DataSource"] = Path.Combine(directory.FullName, "rallylive.db"),
                    ["RallyLive__Tokens__KeyDirectory"] = Path.Combine(directory.FullName, "keys"),
                },
            };

            var seen = await NodeScript.Browser.RunAsync("restart.mjs", new { baseUrl = url, screenshotDirectory = NodeScript.ScreenshotDirectory, server }, SlowScript);

            var down = seen.GetProperty("down");
            Assert.Equal("reconnecting", Text(down, "banner"));
            Assert.Equal("2 votes", Text(down, "total"));
            Assert.NotEqual("1", Text(down, "totalOpacity"));
            Assert.Equal("2 votes", Text(seen, "caughtUp"));

            // The restarted server's rally delivery numbers from the clock, above everything numbered before the
            // kill, and the panel (which caught up from a node that had sent nothing yet) applied its messages.
            Assert.True(seen.GetProperty("sequenceAfterRestart").GetInt64() > seen.GetProperty("sequenceBefore").GetInt64());
            Assert.Equal(["1 · 33%", "2 · 67%"], Strings(seen, "tallies"));
            Assert.Empty(Strings(seen, "problems"));
            Assert.True(File.Exists(Text(seen, "downScreenshot")));
            Assert.True(File.Exists(Text(seen, "upScreenshot")));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            directory.Delete(recursive: true);
        }
    }

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static string[] Strings(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
