using System.Text.Encodings.Web;

namespace RallyLive.Server.Web;

/// <summary>
/// One page of the web UI: its route and the bundle it loads. The HTML is only a shell: a <c>&lt;main id="app"&gt;</c>
/// that the page's script (<c>ClientApp/src/pages/{Name}.ts</c>, built to <c>/ui/pages/{Name}.js</c> and <c>.css</c>)
/// fills in. Nothing in the shell comes from the request.
/// </summary>
public sealed record WebPage(string Route, string Name, string Title)
{
    /// <summary>The pages and their routes: adding a page is one line here and one file in ClientApp/src/pages.</summary>
    public static readonly IReadOnlyList<WebPage> All =
    [
        new("/", "landing", "RallyLive"),
        new("/rallies/{rallyId}/control", "control", "Control panel · RallyLive"),
        new("/rallies/{rallyId}/streams/{streamId}", "viewer", "Live · RallyLive"),
        new("/rallies/{rallyId}/moderate", "moderator", "Moderation · RallyLive"),
        new("/rallies/{rallyId}/report", "report", "Report · RallyLive"),
    ];

    /// <summary>The page's HTML shell.</summary>
    public string Html()
    {
        var title = HtmlEncoder.Default.Encode(Title);
        var name = HtmlEncoder.Default.Encode(Name);
        return $"""
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <meta name="referrer" content="no-referrer">
            <title>{title}</title>
            <link rel="icon" href="/ui/favicon.svg" type="image/svg+xml">
            <link rel="stylesheet" href="/ui/pages/{name}.css">
            <script type="module" src="/ui/pages/{name}.js"></script>
            </head>
            <body data-page="{name}">
            <main id="app"><noscript>RallyLive needs JavaScript.</noscript></main>
            </body>
            </html>
            """;
    }
}
