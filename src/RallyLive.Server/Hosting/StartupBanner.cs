using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using RallyLive.Server.Operations;

namespace RallyLive.Server.Hosting;

/// <summary>Tells the person who started the server where to look, once it is listening.</summary>
public static class StartupBannerExtensions
{
    public static WebApplicationBuilder AddStartupBanner(this WebApplicationBuilder builder)
    {
        builder.Services.AddHostedService<StartupBanner>();
        return builder;
    }
}

internal sealed class StartupBanner(
    IServer server,
    IHostApplicationLifetime lifetime,
    IOptions<OperationsOptions> operations,
    IOptions<KestrelServerOptions> kestrel,
    IConfiguration configuration) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses.Select(a => a.TrimEnd('/')))
            {
                Console.WriteLine($"RallyLive is running at {address}");
                Console.WriteLine($"  health:  {address}/health/live, {address}/health/ready");
                Console.WriteLine(OperationsLine(address, operations.Value));
                Console.WriteLine($"  API:     POST {address}/api/rallies creates a rally and returns its organiser key");
                Console.WriteLine($"  hubs:    {address}/hubs/viewer, {address}/hubs/organiser, {address}/hubs/moderator");
            }

            if (ConnectionsLine() is { } connections)
            {
                Console.WriteLine(connections);
            }

            Console.WriteLine("The contract is in docs/protocol.md. Press Ctrl+C to stop.");
        });
        return Task.CompletedTask;
    }

    /// <summary>Said when the process's open-file limit holds connections under what configuration asks for.</summary>
    private string? ConnectionsLine()
    {
        var configured = configuration.GetValue<long?>($"{ServerLimits.SectionName}:{nameof(KestrelServerLimits.MaxConcurrentConnections)}");
        var effective = kestrel.Value.Limits.MaxConcurrentConnections;
        return effective is { } cap && (configured is null || cap < configured)
            ? $"  limits:  at most {cap:N0} connections at once: this process may open {OpenFiles.ProcessLimit():N0} files (ulimit -n); raise that to serve more"
            : null;
    }

    private static string OperationsLine(string address, OperationsOptions operations) => operations switch
    {
        { HasKey: false } => "  metrics: /metrics and the Orleans dashboard are closed until RallyLive:Operations:Key is set (docs/operations.md)",
        { Dashboard: true } => $"  metrics: {address}/metrics, dashboard: {address}{operations.DashboardPath}/ (with the operator key)",
        _ => $"  metrics: {address}/metrics (with the operator key)",
    };
}
