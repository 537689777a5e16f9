using System.Diagnostics;
using System.Net;
using System.Reflection;
using RallyLive.Server.Web;

namespace RallyLive.Server.Tests;

/// <summary>The web UI as served: every page with its strict Content-Security-Policy, its bundles present; the ClientApp's own checks pass.</summary>
public sealed class WebUiTests
{
    public static TheoryData<string> Pages => new() { "/", "/rallies/r-1/control", "/rallies/r-1/streams/stage", "/rallies/r-1/moderate", "/rallies/r-1/report" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_IsServedWithAStrictPolicy_AndItsBundlesExist(string path)
    {
        await using var server = new ServerFactory();
        using var client = server.CreateClient();

        using var page = await client.GetAsync(new Uri(path, UriKind.Relative));
        var html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Equal(WebUiExtensions.ContentSecurityPolicy, policy);
        Assert.Contains("script-src 'self';", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);   // no inline script: only <script src>
        foreach (var asset in AssetsOf(html))
        {
            using var response = await client.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{asset} of {path}: {response.StatusCode}");
        }
    }

    [Fact]
    public async Task Favicon_IsServed()
    {
        await using var server = new ServerFactory();
        using var client = server.CreateClient();

        using var icon = await client.GetAsync(new Uri("/favicon.ico", UriKind.Relative));
        using var script = await client.GetAsync(new Uri("/ui/pages/control.js", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, icon.StatusCode);
        Assert.Equal("image/svg+xml", icon.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ClientApp_NpmTest_Passes()
    {
        var directory = typeof(WebUiTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ClientAppDirectory").Value!;
        var start = new ProcessStartInfo("npm") { WorkingDirectory = directory, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("test");
        using var npm = Process.Start(start)!;
        var output = npm.StandardOutput.ReadToEndAsync();
        var errors = npm.StandardError.ReadToEndAsync();
        await npm.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(3));

        Assert.True(npm.ExitCode == 0, $"npm test failed ({npm.ExitCode}):\n{await output}\n{await errors}");
        Assert.Contains("# fail 0", await output, StringComparison.Ordinal);
        Assert.Matches(@"# pass [1-9]", await output);
    }

    private static IEnumerable<string> AssetsOf(string html) =>
        System.Text.RegularExpressions.Regex.Matches(html, "(?:src|href)=\"(/ui/[^\"]+)\"").Select(m => m.Groups[1].Value);
}
