using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using RallyLive.Grains.Live;
using RallyLive.Grains.Polls;
using RallyLive.Grains.Streams;
using RallyLive.Server.Hosting;
using RallyLive.Server.Realtime.Delivery;
using StackExchange.Redis;

namespace RallyLive.Server.Realtime;

/// <summary>SignalR: the three hubs, their filters and limits, and the delivery of what grains publish to every node's clients.</summary>
public static class RealtimeHostingExtensions
{
    public static WebApplicationBuilder AddRallyLiveRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddRallyPolicies();
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName)
            .Validate(o => new[]
                {
                    o.Reactions, o.Chat, o.Votes, o.Questions, o.Reports, o.Other, o.ChatFanOutPerStream,
                    o.ReactionsPerAddress, o.ChatPerAddress, o.VotesPerAddress, o.ReportsPerAddress, o.OtherPerAddress,
                    o.RefusedCallsPerViewerConnection, o.RefusalClosesPerAddress,
                }.All(l => l.PerSecond > 0 && l.Burst >= 1) && o.AddressBarTime > TimeSpan.Zero, "RallyLive:Realtime rate limits and AddressBarTime must be positive.")
            .Validate(o => o.Degradation.IsValid, "RallyLive:Realtime:Degradation: positive intervals and thresholds, each 'Below' under its 'Above', shares between 0 and 1 and Minimal's no larger than Reduced's.")
            .Validate(o => o.MaxPendingWritesPerConnection >= 1 && o.MaxPendingWritesPerStaffConnection >= 1,
                "RallyLive:Realtime:MaxPendingWritesPerConnection and MaxPendingWritesPerStaffConnection must be positive.")
            .Validate(o => o.MaximumReceiveMessageSize >= 1024 && o.HandshakeTimeout > TimeSpan.Zero && o.KeepAliveInterval > TimeSpan.Zero
                && o.ClientTimeoutInterval > o.KeepAliveInterval && o.MaximumParallelInvocationsPerClient >= 1,
                "RallyLive:Realtime hub limits: MaximumReceiveMessageSize at least 1024, positive timeouts, ClientTimeoutInterval above KeepAliveInterval.")
            .ValidateOnStart();
        // One setting per limit: the streams and polls hold each viewer to the hubs' chat, reaction, report and vote limits across the cluster.
        builder.Services.AddOptions<StreamOptions>().PostConfigure<IOptions<RealtimeOptions>>((streams, realtime) =>
        {
            streams.ChatPerViewer = realtime.Value.Chat;
            streams.ReactionBatchesPerViewer = realtime.Value.Reactions;
            streams.ReportsPerViewer = realtime.Value.Reports;
        });
        builder.Services.AddOptions<PollOptions>().PostConfigure<IOptions<RealtimeOptions>>((polls, realtime) => polls.VotesPerViewer = realtime.Value.Votes);
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.AddSingleton<AllowedOrigins>();
        builder.Services.AddSingleton<CallerRateLimits>();
        builder.Services.AddSingleton<BarredAddresses>();
        builder.Services.AddSingleton<RateLimitHubFilter>(); // one instance: it keeps each viewer connection's refusals left
        builder.Services.AddSingleton<RallyConnections>();
        builder.Services.AddHostedService<ExpiredTokenSweep>();
        builder.Services.AddSingleton<ThisNode>();
        builder.Services.AddSingleton<PresenceRenewal>();
        builder.Services.AddHostedService(services => services.GetRequiredService<PresenceRenewal>());
        builder.Services.AddSingleton<RallySequences>();
        builder.Services.AddSingleton(services => GrainCallBatchers.Reactions(services.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSingleton(services => GrainCallBatchers.Votes(services.GetRequiredService<IGrainFactory>()));
        var cluster = ClusterSettings.From(builder.Configuration);
        var signalR = builder.Services.AddSignalR(o =>
            {
                if (!cluster.UsesRedisBackplane)
                {
                    o.AddFilter<DeliverySubscriptionFilter>(); // through the backplane no node subscribes to rallies
                }

                // The rate limits first: a refusal then fails the call without passing through (and being rethrown
                // by) the filters inside it, which is most of what a refused flood costs.
                o.AddFilter<RateLimitHubFilter>();
                o.AddFilter<RallyHubFilter>();
            })
            .AddHubOptions<ModeratorHub>(o => o.AddFilter<ActiveKeyHubFilter>())
            .AddHubOptions<OrganiserHub>(o => o.AddFilter<ActiveKeyHubFilter>())
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOptions<HubOptions>().Configure<IOptions<RealtimeOptions>>((hub, realtime) =>
        {
            hub.MaximumReceiveMessageSize = realtime.Value.MaximumReceiveMessageSize;
            hub.HandshakeTimeout = realtime.Value.HandshakeTimeout;
            hub.KeepAliveInterval = realtime.Value.KeepAliveInterval;
            hub.ClientTimeoutInterval = realtime.Value.ClientTimeoutInterval;
            hub.MaximumParallelInvocationsPerClient = realtime.Value.MaximumParallelInvocationsPerClient;
        });
        if (cluster.UsesRedisBackplane)
        {
            signalR.AddStackExchangeRedis(cluster.Redis!, o => o.Configuration.ChannelPrefix = RedisChannel.Literal(cluster.ClusterId + ":signalr"));
        }
        else
        {
            builder.Services.Replace(ServiceDescriptor.Singleton(typeof(HubLifetimeManager<>), typeof(RallyHubLifetimeManager<>)));
        }

        builder.Services.AddRallyDelivery(new DeliveryRoute(cluster.UsesRedisBackplane));
        return builder;
    }

    /// <summary>
    /// Grains publish on the node they run on (<see cref="RallyEventPublisher"/>); each rally's delivery grain numbers
    /// its events and hands them to the nodes with clients of the rally (<see cref="RallyNode"/>), and each node sends
    /// them to its own connections (<see cref="LocalDelivery"/>). One node or many, the path is the same.
    /// </summary>
    private static IServiceCollection AddRallyDelivery(this IServiceCollection services, DeliveryRoute route)
    {
        services.AddSingleton(route);
        services.AddSingleton<RallyEventPublisher>();
        services.Replace(ServiceDescriptor.Singleton<IRallyBroadcaster>(sp => sp.GetRequiredService<RallyEventPublisher>()));
        services.AddHostedService(sp => sp.GetRequiredService<RallyEventPublisher>());
        services.AddSingleton<DeliveryPace>();
        services.AddSingleton<SendBacklog>();
        services.AddSingleton<LocalDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<LocalDelivery>());
        services.AddSingleton<DeliveryLoadMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<DeliveryLoadMonitor>());
        services.AddSingleton<RallyNode>();
        services.AddHostedService(sp => sp.GetRequiredService<RallyNode>());
        return services;
    }

    public static WebApplication MapRallyHubs(this WebApplication app)
    {
        app.MapHub<ViewerHub>("/hubs/viewer");
        app.MapHub<OrganiserHub>("/hubs/organiser");
        app.MapHub<ModeratorHub>("/hubs/moderator");
        return app;
    }
}
