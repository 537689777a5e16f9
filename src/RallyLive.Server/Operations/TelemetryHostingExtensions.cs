using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using RallyLive.Grains;
using RallyLive.Server.Realtime;

namespace RallyLive.Server.Operations;

/// <summary>
/// OpenTelemetry for the node: ASP.NET Core's meters (Kestrel, routing, SignalR connections and the rest under
/// <c>Microsoft.AspNetCore.*</c>), Orleans' (<c>Microsoft.Orleans</c>), the runtime's, and RallyLive's own
/// (<see cref="MeterNames"/>), read by Prometheus at <c>/metrics</c>. With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set,
/// metrics also go to that collector, and so do traces: a hub call (SignalR's own activity), the grain calls it makes
/// (Orleans' activity propagation) and their storage operations, in one trace. Without it no trace is recorded.
/// </summary>
public static class TelemetryHostingExtensions
{
    /// <summary>The standard OpenTelemetry setting: OTLP export is on when it names a collector.</summary>
    public const string OtlpEndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>RallyLive's own meters: the hubs and delivery, the grains' decisions, the SQLite storage's commits.</summary>
    public static readonly IReadOnlyList<string> MeterNames = [RealtimeMetrics.MeterName, GrainMetrics.MeterName, "RallyLive.Persistence"];

    /// <summary>The activity sources of a hub call's trace: SignalR's hub methods, then Orleans' grain calls and storage.</summary>
    public static readonly IReadOnlyList<string> TraceSources =
        ["Microsoft.AspNetCore.SignalR.Server", "Microsoft.Orleans.Application", "Microsoft.Orleans.Storage"];

    public static WebApplicationBuilder AddRallyLiveTelemetry(this WebApplicationBuilder builder)
    {
        var otlp = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointSetting]);

        // Grain calls carry the caller's trace context: a call made inside a hub call's activity continues its trace.
        builder.UseOrleans(silo => silo.AddActivityPropagation());
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("rallylive"))
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddMeter("Microsoft.AspNetCore.*", "Microsoft.Orleans")
                    .AddRuntimeInstrumentation()
                    .AddMeter([.. MeterNames])
                    .AddPrometheusExporter();
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        if (otlp)
        {
            telemetry.WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation()
                .AddSource([.. TraceSources])
                .AddOtlpExporter());
        }

        return builder;
    }
}
