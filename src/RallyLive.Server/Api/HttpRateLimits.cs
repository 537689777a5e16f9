using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace RallyLive.Server.Api;

/// <summary>
/// ASP.NET Core's rate limiter on the HTTP API, per client address: creating rallies, minting viewer tokens (joins) and
/// every other API call each have a token bucket per address. A request over its limit is answered 429 with
/// <c>Retry-After</c> and the code <c>RateLimited</c>, and reaches no grain. Bound from <c>RallyLive:HttpLimits</c>.
/// </summary>
public static class HttpRateLimits
{
    public const string SectionName = "RallyLive:HttpLimits";
    public const string CreateRallyPolicy = "create-rally";
    public const string JoinStreamPolicy = "join-stream";
    public const string ApiPolicy = "api";
    public const string RateLimited = "RateLimited";

    public static WebApplicationBuilder AddHttpRateLimits(this WebApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection(SectionName).Get<HttpLimitsOptions>() ?? new HttpLimitsOptions();
        foreach (var (name, limit) in new[] { (nameof(limits.CreateRally), limits.CreateRally), (nameof(limits.JoinStream), limits.JoinStream), (nameof(limits.Api), limits.Api) })
        {
            if (limit.Burst < 1 || limit.PerSecond <= 0)
            {
                throw new InvalidOperationException($"{SectionName}:{name}: Burst must be at least 1 and PerSecond positive.");
            }
        }

        builder.Services.AddRateLimiter(o =>
        {
            o.AddPolicy(CreateRallyPolicy, http => PerAddress(http, CreateRallyPolicy, limits.CreateRally));
            o.AddPolicy(JoinStreamPolicy, http => PerAddress(http, JoinStreamPolicy, limits.JoinStream));
            o.AddPolicy(ApiPolicy, http => PerAddress(http, ApiPolicy, limits.Api));
            o.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
                var http = context.HttpContext;
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                http.RequestServices.GetRequiredService<Realtime.RealtimeMetrics>().Rejected(RateLimited);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests, Title = RateLimited,
                        Detail = "Too many requests from your address; try again after the time in Retry-After.", Extensions = { ["code"] = RateLimited },
                    },
                });
            };
        });
        return builder;
    }

    private static RateLimitPartition<string> PerAddress(HttpContext http, string policy, HttpLimit limit) =>
        RateLimitPartition.GetTokenBucketLimiter($"{policy}:{http.Connection.RemoteIpAddress}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = limit.Burst,
            TokensPerPeriod = Math.Max(1, (int)Math.Round(limit.PerSecond < 1 ? 1 : limit.PerSecond)),
            ReplenishmentPeriod = limit.PerSecond < 1 ? TimeSpan.FromSeconds(1 / limit.PerSecond) : TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
}

/// <summary>Per-address HTTP limits (token buckets: <see cref="HttpLimit.Burst"/> at once, then <see cref="HttpLimit.PerSecond"/>).</summary>
public sealed class HttpLimitsOptions
{
    /// <summary><c>POST /api/rallies</c>: 10 at once, then one every 6 seconds.</summary>
    public HttpLimit CreateRally { get; set; } = new() { Burst = 10, PerSecond = 1.0 / 6 };

    /// <summary>
    /// <c>POST …/viewers</c>, which mints viewer tokens: generous, since a venue's crowd may share one address (2,000 at
    /// once, then 200 a second).
    /// </summary>
    public HttpLimit JoinStream { get; set; } = new() { Burst = 2000, PerSecond = 200 };

    /// <summary>Every other API call: 600 at once, then 100 a second.</summary>
    public HttpLimit Api { get; set; } = new() { Burst = 600, PerSecond = 100 };
}

public sealed class HttpLimit
{
    public int Burst { get; set; }

    public double PerSecond { get; set; }
}
