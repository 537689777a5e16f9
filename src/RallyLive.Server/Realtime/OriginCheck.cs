using Microsoft.Extensions.Options;

namespace RallyLive.Server.Realtime;

/// <summary>
/// Refuses hub requests (negotiate, WebSocket upgrades, other transports) whose <c>Origin</c> is neither the
/// server's own nor configured in <see cref="RealtimeOptions.AllowedOrigins"/>, so another site's page cannot open
/// a connection with a visitor's token. Requests without an Origin (non-browser clients) are not affected.
/// </summary>
public static class OriginCheck
{
    public const string OriginNotAllowed = "OriginNotAllowed";

    public static WebApplication UseHubOriginCheck(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/hubs"), hubs => hubs.Use(async (http, next) =>
        {
            var origin = http.Request.Headers.Origin.ToString();
            var options = http.RequestServices.GetRequiredService<IOptions<RealtimeOptions>>().Value;
            if (origin.Length == 0 || IsAllowed(origin, http.Request, options))
            {
                await next(http);
                return;
            }

            http.RequestServices.GetRequiredService<RealtimeMetrics>().Rejected(OriginNotAllowed);
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = { Status = StatusCodes.Status403Forbidden, Title = OriginNotAllowed, Detail = "Pages of this origin may not connect.", Extensions = { ["code"] = OriginNotAllowed } },
            });
        }));
        return app;
    }

    private static bool IsAllowed(string origin, HttpRequest request, RealtimeOptions options) =>
        string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
        || options.AllowedOrigins.Contains(origin, StringComparer.OrdinalIgnoreCase);
}
