using System.Text.Json.Serialization;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RallyLive.Grains.Live;

namespace RallyLive.Server.Realtime;

/// <summary>SignalR: the three hubs, their filter and limits, and the broadcaster the grains push through.</summary>
public static class RealtimeHostingExtensions
{
    /// <summary>The largest message a client may send; anything larger closes that connection only.</summary>
    public const int MaximumReceiveMessageSize = 16 * 1024;

    /// <summary>How long a new connection may take to send the protocol handshake before it is closed.</summary>
    public static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(5);

    public static WebApplicationBuilder AddRallyLiveRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddRallyPolicies();
        builder.Services.AddOptions<RealtimeOptions>().BindConfiguration(RealtimeOptions.SectionName)
            .Validate(o => new[] { o.Reactions, o.Chat, o.Votes, o.Other, o.ChatFanOutPerStream }.All(l => l.PerSecond > 0 && l.Burst >= 1), "RallyLive:Realtime rate limits must be positive.")
            .Validate(o => o.MaxPendingWritesPerConnection >= 1, "RallyLive:Realtime:MaxPendingWritesPerConnection must be positive.")
            .ValidateOnStart();
        builder.Services.AddSingleton<RealtimeMetrics>();
        builder.Services.AddSingleton<RallyConnections>();
        builder.Services.AddSingleton<RallySequences>();
        builder.Services.AddSingleton(services => new ReactionBatcher(services.GetRequiredService<IGrainFactory>()));
        builder.Services.AddSignalR(o =>
            {
                o.MaximumReceiveMessageSize = MaximumReceiveMessageSize;
                o.HandshakeTimeout = HandshakeTimeout;
                o.AddFilter<RallyHubFilter>();
                o.AddFilter<RateLimitHubFilter>();
            })
            .AddHubOptions<ModeratorHub>(o => o.AddFilter<ActiveModeratorHubFilter>())
            .AddJsonProtocol(o => o.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.Replace(ServiceDescriptor.Singleton(typeof(HubLifetimeManager<>), typeof(RallyHubLifetimeManager<>)));
        builder.Services.AddSingleton<SignalRRallyBroadcaster>();
        builder.Services.Replace(ServiceDescriptor.Singleton<IRallyBroadcaster>(sp => sp.GetRequiredService<SignalRRallyBroadcaster>()));
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SignalRRallyBroadcaster>());
        return builder;
    }

    public static WebApplication MapRallyHubs(this WebApplication app)
    {
        app.MapHub<ViewerHub>("/hubs/viewer");
        app.MapHub<OrganiserHub>("/hubs/organiser");
        app.MapHub<ModeratorHub>("/hubs/moderator");
        return app;
    }
}
