namespace RallyLive.Server.Realtime;

/// <summary>
/// Refuses hub requests (negotiate, WebSocket upgrades, other transports) whose <c>Origin</c> is not one of
/// <see cref="AllowedOrigins"/>, all taken from configuration (never from the request's Host header, which a
/// DNS-rebinding page controls), so another site's page cannot open a connection with a visitor's token. Requests
/// without an Origin (non-browser clients) are not affected.
/// </summary>
public static class OriginCheck
{
    public const string OriginNotAllowed = "OriginNotAllowed";

    public static WebApplication UseHubOriginCheck(this WebApplication app)
    {
        app.UseWhen(http => http.Request.Path.StartsWithSegments("/hubs"), hubs => hubs.Use(async (http, next) =>
        {
            var origin = http.Request.Headers.Origin.ToString();
            if (origin.Length == 0 || http.RequestServices.GetRequiredService<AllowedOrigins>().Allows(origin))
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
}
