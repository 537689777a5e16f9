using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RallyLive.Domain.Narratives;
using RallyLive.Grains.Live;
using RallyLive.Grains.Moderation;
using RallyLive.Grains.Narratives;
using RallyLive.Grains.Polls;
using RallyLive.Grains.Questions;
using RallyLive.Grains.Rallies;
using RallyLive.Grains.Streams;

namespace RallyLive.Grains;

/// <summary>Registers what RallyLive's grains need besides the grain runtime.</summary>
public static class RallyDomainServiceCollectionExtensions
{
    /// <summary>Binds the domain's options from <c>RallyLive:*</c> and adds a broadcaster for hosts without clients.</summary>
    public static IServiceCollection AddRallyDomain(this IServiceCollection services)
    {
        services.AddOptions<RallyOptions>().BindConfiguration(RallyOptions.SectionName)
            .Validate(o => o.MaxStreams > 0 && o.MaxTitleLength > 0 && o.MaxPinned > 0, "RallyLive:Rallies limits must be positive.")
            .ValidateOnStart();
        services.AddOptions<PollOptions>().BindConfiguration(PollOptions.SectionName)
            .Validate(o => o.MinOptions >= 2 && o.MaxOptions >= o.MinOptions, "RallyLive:Polls needs 2 <= MinOptions <= MaxOptions.")
            .ValidateOnStart();
        services.AddOptions<QuestionOptions>().BindConfiguration(QuestionOptions.SectionName)
            .Validate(o => o.MaxTextLength > 0 && o.MaxQuestionsPerRally > 0 && o.MaxOpenPerViewer > 0 && o.ReportTopCount > 0, "RallyLive:Questions limits must be positive.")
            .ValidateOnStart();
        services.AddOptions<StreamOptions>().BindConfiguration(StreamOptions.SectionName)
            .Validate(o => o.TickInterval > TimeSpan.Zero && o.TickInterval <= TimeSpan.FromSeconds(1), "RallyLive:Streams:TickInterval must be within (0, 1 s]: counts are flushed at least once a second.")
            .Validate(o => o.MaxReactionsPerBatch > 0 && o.MaxChatLength > 0 && o.RecentChatCount > 0 && o.JoinLease > TimeSpan.Zero && o.NodeLease > TimeSpan.Zero, "RallyLive:Streams limits must be positive.")
            .Validate(o => o.ViewerCountInterval >= TimeSpan.Zero, "RallyLive:Streams:ViewerCountInterval must not be negative (zero tells viewers every tick).")
            .ValidateOnStart();
        services.AddOptions<ModerationOptions>().BindConfiguration(ModerationOptions.SectionName)
            .Validate(o => o.MaxTimeout > TimeSpan.Zero && o.MaxBlockedTerms > 0 && o.RecentAuditCount > 0, "RallyLive:Moderation limits must be positive.")
            .ValidateOnStart();
        services.AddOptions<NarrativeDetectionOptions>().BindConfiguration(NarrativeSettings.SectionName)
            .Validate(o => o.WarmUp >= TimeSpan.Zero && o.ClusterWindow > TimeSpan.Zero && o.MinimumDistinctViewers >= 2
                    && o.MinimumDedicatedShare is >= 0 and <= 1 && o.ViewerMemory > TimeSpan.Zero && o.NarrativeIdleExpiry > TimeSpan.Zero
                    && o.Raid.MinimumSettledShare is >= 0 and <= 1 && o.Raid.ArrivalGap > TimeSpan.Zero,
                "RallyLive:Narratives: WarmUp not negative, ClusterWindow, ViewerMemory, NarrativeIdleExpiry and Raid:ArrivalGap positive, MinimumDistinctViewers at least 2, MinimumDedicatedShare and Raid:MinimumSettledShare within 0 and 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IRallyBroadcaster, NoClientsBroadcaster>();
        services.AddMetrics();
        services.TryAddSingleton<GrainMetrics>();
        return services;
    }
}
