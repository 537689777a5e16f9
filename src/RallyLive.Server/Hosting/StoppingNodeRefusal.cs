namespace RallyLive.Server.Hosting;

/// <summary>
/// From the moment a node is asked to stop, it answers every new request <c>503 NodeStopping</c> (with
/// <c>Retry-After: 1</c> and the connection closed) and finishes only the requests already in flight.
/// SignalR closes every hub connection as soon as the host starts stopping, but Kestrel keeps accepting until its own
/// turn to stop: the clients reconnect at once, a front that keeps a client on one node (nginx's <c>ip_hash</c>) sends
/// them straight back here, and those connections then held Kestrel's stop for the host's whole shutdown timeout
/// (30 s) before being cut a second time. Refused instead, the front takes this node out and passes the request to
/// the next one (<c>proxy_next_upstream http_503</c>), and the node stops as soon as its last request ends.
/// </summary>
public static class StoppingNodeRefusal
{
    public const string NodeStopping = "NodeStopping";

    /// <summary>First in the pipeline: a stopping node refuses before it authenticates, limits or routes anything.</summary>
    public static IApplicationBuilder UseStoppingNodeRefusal(this IApplicationBuilder app)
    {
        var stopping = app.ApplicationServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        return app.Use((context, next) => stopping.IsCancellationRequested ? RefuseAsync(context) : next(context));
    }

    private static async Task RefuseAsync(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        http.Response.Headers.RetryAfter = "1";
        http.Response.Headers.Connection = "close"; // keep-alive is of no use to a stopping node
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable, Title = NodeStopping,
                Detail = "This node is stopping; try again, another node will answer.", Extensions = { ["code"] = NodeStopping },
            },
        });
    }
}
