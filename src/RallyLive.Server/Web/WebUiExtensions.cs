using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace RallyLive.Server.Web;

/// <summary>
/// Serves the web UI: the pages of <see cref="WebPage.All"/> (HTML shells with a strict Content-Security-Policy) and
/// their scripts, styles and icon under <c>/ui/</c>, built from ClientApp by the server's own build into the
/// <c>ui</c> folder beside the server's assembly.
/// </summary>
public static partial class WebUiExtensions
{
    /// <summary>
    /// The pages' policy: scripts, styles, images and connections from this server only (WebSockets to the same host
    /// included), no inline scripts, no plugins, no framing of the pages; embeds of livestreams over HTTPS only.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; " +
        "connect-src 'self'; frame-src https:; media-src 'self' https:; object-src 'none'; base-uri 'none'; " +
        "form-action 'self'; frame-ancestors 'none'";

    /// <summary>Where the built UI is: the <c>ui</c> folder beside the server's assembly.</summary>
    public static string AssetDirectory => Path.Combine(AppContext.BaseDirectory, "ui");

    public static WebApplication MapRallyLiveWebUi(this WebApplication app)
    {
        var assets = AssetProvider(app);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = assets,
            RequestPath = "/ui",
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.CacheControl = "no-cache";
            },
        });

        foreach (var page in WebPage.All)
        {
            var html = page.Html();
            app.MapGet(page.Route, (HttpContext http) =>
            {
                WriteSecurityHeaders(http.Response);
                return TypedResults.Content(html, "text/html; charset=utf-8");
            }).ExcludeFromDescription();
        }

        // Browsers ask for /favicon.ico on their own; answer with the same icon rather than a 404.
        app.MapGet("/favicon.ico", () => assets.GetFileInfo("favicon.svg") is { Exists: true } icon
            ? Results.Stream(icon.CreateReadStream(), "image/svg+xml")
            : Results.NotFound()).ExcludeFromDescription();
        return app;
    }

    /// <summary>The headers of every page: the policy, no MIME sniffing, no referrer (keys never leave in one anyway).</summary>
    public static void WriteSecurityHeaders(HttpResponse response)
    {
        response.Headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        response.Headers.CacheControl = "no-cache";
    }

    private static IFileProvider AssetProvider(WebApplication app)
    {
        if (Directory.Exists(AssetDirectory))
        {
            return new PhysicalFileProvider(AssetDirectory);
        }

        UiNotBuilt(app.Logger, AssetDirectory);
        return new NullFileProvider();
    }

    [LoggerMessage(1, LogLevel.Error, "The web UI is not built: {Directory} is missing. Build the server project (it builds ClientApp with npm).")]
    private static partial void UiNotBuilt(ILogger logger, string directory);
}
