using System.Text.Json;

namespace RallyLive.Server.Tests;

/// <summary>
/// The organiser's pages in real headless Chromium against a live server: staying signed in to a rally on a device,
/// the share panel (rally id, viewer links with QR codes, the organiser's link, moderator invites). Screenshots are saved.
/// </summary>
public sealed class OrganiserPageTests : IAsyncLifetime
{
    private readonly LiveServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Organiser_StaysSignedInOnTheDevice_AndSharesEveryLink()
    {
        var rally = await _server.Api.CreateRallyAsync();
        string[] streams = ["darien-live", "stage"];

        var seen = await NodeScript.Browser.RunAsync("share.mjs", new
        {
            baseUrl = _server.BaseUrl,
            screenshotDirectory = NodeScript.ScreenshotDirectory,
            rallyId = rally.RallyId,
            organiserKey = rally.OrganiserKey,
            streams,
        });

        // The key left the address bar, and the panel names the rally and a viewer link per stream, each with its QR code.
        Assert.Equal($"{_server.BaseUrl}/rallies/{rally.RallyId}/control", Text(seen, "urlAfterOpen"));
        Assert.Equal(rally.RallyId, Text(seen, "rallyId"));
        foreach (var stream in streams)
        {
            var link = $"{_server.BaseUrl}/rallies/{rally.RallyId}/streams/{stream}";
            Assert.Equal(link, Text(seen.GetProperty("viewerLinks"), stream));
            var qr = seen.GetProperty("viewerQr").GetProperty(stream);
            Assert.Equal(link, Text(qr, "text"));
            Assert.True(qr.GetProperty("dark").GetInt32() > 0 && qr.GetProperty("light").GetInt32() > 0, "the QR code is drawn");
        }

        // "Copy organiser link" puts the panel's link with its key on the clipboard.
        var organiserLink = $"{_server.BaseUrl}/rallies/{rally.RallyId}/control#key={Uri.EscapeDataString(rally.OrganiserKey)}";
        Assert.Equal(organiserLink, Text(seen, "copiedOrganiserLink"));
        Assert.Equal(organiserLink, Text(seen, "organiserLinkShown"));

        // Rotating the key: the panel runs on a new key, and the old one is refused.
        Assert.StartsWith($"{_server.BaseUrl}/rallies/{rally.RallyId}/control#key=", Text(seen, "rotatedOrganiserLink"), StringComparison.Ordinal);
        Assert.NotEqual(organiserLink, Text(seen, "rotatedOrganiserLink"));
        Assert.Equal(403, seen.GetProperty("oldKeyStatus").GetInt32());
        Assert.Equal(200, seen.GetProperty("newKeyStatus").GetInt32());

        // A moderator invite: the console's link with a key of its own, and a QR code of it.
        Assert.Matches($"^{System.Text.RegularExpressions.Regex.Escape(_server.BaseUrl)}/rallies/{rally.RallyId}/moderate#key=.+", Text(seen, "moderatorInvite"));
        Assert.DoesNotContain(Uri.EscapeDataString(rally.OrganiserKey), Text(seen, "moderatorInvite"), StringComparison.Ordinal);
        Assert.Equal(Text(seen, "moderatorInvite"), Text(seen.GetProperty("moderatorQr"), "text"));

        // Signed in on this device: a new tab without the key connects, and the home page lists the rally.
        Assert.Equal("Showdown at the Smile Exchange", Text(seen, "newTabTitle"));
        Assert.Equal(0, seen.GetProperty("newTabNoKey").GetInt32());
        Assert.Equal(["Showdown at the Smile Exchange (not started)"], Strings(seen, "yourRallies"));
        Assert.Equal($"/rallies/{rally.RallyId}/control", Text(seen, "yourRallyHref"));

        // Signing out on the device forgets the key.
        Assert.Contains("needs the organiser's link", Text(seen, "afterSignOut"), StringComparison.Ordinal);
        Assert.False(seen.GetProperty("phoneOverflow").GetBoolean(), "the control panel fits a 390 px phone");
        Assert.Empty(Strings(seen, "problems"));
        Assert.All(Strings(seen, "screenshots"), path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public async Task Figures_ReadAtAGlance_ThroughARallyToItsEnd_AndTheReportSaysEnded()
    {
        var rally = await _server.Api.CreateRallyAsync();

        var seen = await NodeScript.Browser.RunAsync("figures.mjs", new
        {
            baseUrl = _server.BaseUrl,
            screenshotDirectory = NodeScript.ScreenshotDirectory,
            rallyId = rally.RallyId,
            organiserKey = rally.OrganiserKey,
        }, TimeSpan.FromMinutes(4));

        // Poll bars are shares of all votes (2 of 3, 1 of 3), not of the leading option.
        Assert.Equal(["67%", "33%"], Strings(seen, "pollBarWidths"));

        // The viewer count falls as soon as a viewer leaves.
        Assert.Equal("4", Text(seen, "viewersBefore"));
        Assert.Equal("3", Text(seen, "viewersAfterLeaving"));

        // The chart names each speaker in full with the segment, says what its lines are; every figure has its unit.
        Assert.Equal(["Elara Vale — Opening", "Vanessa Chen — An ethical standard"], Strings(seen, "segmentKey"));
        Assert.Contains("averaged over 5 s", Text(seen, "chartCaption"), StringComparison.Ordinal);
        var figures = Strings(seen, "figureLabels");
        Assert.Equal(5, figures.Length);
        Assert.Contains(figures, f => f.Contains("−1 to +1", StringComparison.Ordinal));
        Assert.Contains(figures, f => f.Contains("/s | reactions per second", StringComparison.Ordinal));
        Assert.Contains(figures, f => f.Contains("/s | chat messages per second", StringComparison.Ordinal));
        Assert.Contains(figures, f => f.Contains("/viewer/min | energy", StringComparison.Ordinal));
        Assert.StartsWith("Energy: reactions per viewer per minute", Text(seen, "energyNote"), StringComparison.Ordinal);

        // Ended: the viewer's page and the report say so; the report has both speakers, and fits a phone.
        Assert.Equal("Ended", Text(seen, "viewerStatus"));
        Assert.Equal("The rally has ended", Text(seen, "viewerSpeaker"));
        foreach (var page in new[] { "report-figures", "report-phone" })
        {
            var report = seen.GetProperty(page);
            Assert.Equal("Ended", Text(report, "status"));
            Assert.Equal(["Elara Vale", "Vanessa Chen"], Strings(report, "speakers"));
            Assert.Equal(["Elara Vale — Opening", "Vanessa Chen — An ethical standard"], Strings(report, "segmentKey"));
            Assert.False(report.GetProperty("overflow").GetBoolean(), $"{page} scrolls sideways");
        }

        Assert.Empty(Strings(seen, "problems"));
        Assert.All(Strings(seen, "screenshots"), path => Assert.True(File.Exists(path), path));
    }

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    private static string[] Strings(JsonElement element, string name) => [.. element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!)];
}
