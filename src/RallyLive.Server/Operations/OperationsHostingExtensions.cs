using Microsoft.AspNetCore.Authentication;
using Orleans.Dashboard;

namespace RallyLive.Server.Operations;

/// <summary>
/// The operator's endpoints: <c>/metrics</c> (Prometheus' text format) and the Orleans dashboard, both open only to
/// the operator key (<see cref="OperatorKeyAuthenticationHandler"/>). They share the public port rather than take a
/// port of their own so that a node needs one address in every deployment (one process, a cluster behind nginx,
/// containers) and the refusal is tested in process; nginx also answers them 404 at the front, so they are reached
/// node by node only (docs/operations.md).
/// </summary>
public static class OperationsHostingExtensions
{
    public const string OperatorPolicy = "Operator";

    public static WebApplicationBuilder AddRallyLiveOperations(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<OperationsOptions>().BindConfiguration(OperationsOptions.SectionName)
            .Validate(o => !o.HasKey || o.Key!.Trim().Length >= OperationsOptions.MinimumKeyLength,
                $"{OperationsOptions.SectionName}:Key must be at least {OperationsOptions.MinimumKeyLength} characters (for example: openssl rand -base64 32).")
            .Validate(o => o.DashboardPath.Length > 1 && o.DashboardPath.StartsWith('/') && !o.DashboardPath.EndsWith('/'),
                $"{OperationsOptions.SectionName}:DashboardPath must start with '/' and name a path, e.g. /dashboard.")
            .ValidateOnStart();
        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, OperatorKeyAuthenticationHandler>(OperatorKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder().AddPolicy(OperatorPolicy, policy => policy
            .AddAuthenticationSchemes(OperatorKeyAuthenticationHandler.SchemeName)
            .RequireRole(OperatorKeyAuthenticationHandler.SchemeName));

        // The dashboard profiles every grain call: it runs only where an operator can open it.
        if (DashboardEnabled(builder.Configuration))
        {
            builder.UseOrleans(silo => silo.AddDashboard());
        }

        return builder;
    }

    public static WebApplication MapRallyLiveOperations(this WebApplication app)
    {
        app.MapPrometheusScrapingEndpoint("/metrics").RequireAuthorization(OperatorPolicy);
        if (DashboardEnabled(app.Configuration))
        {
            app.MapOrleansDashboard(routePrefix: OperationsOptions.From(app.Configuration).DashboardPath).RequireAuthorization(OperatorPolicy);
        }

        return app;
    }

    private static bool DashboardEnabled(IConfiguration configuration) =>
        OperationsOptions.From(configuration) is { HasKey: true, Dashboard: true };
}
