using RallyLive.Abstractions.Rallies;

namespace RallyLive.Server.Auth;

/// <summary>
/// Whether a key the server sealed still opens its rally. A viewer token does as long as it has not expired; a moderator
/// key until the organiser revokes it; an organiser key until the organiser rotates it. Asked on every organiser and
/// moderator request and hub call, so that a revoked or rotated key stops working on every node at once.
/// </summary>
public static class RallyKeys
{
    public static async ValueTask<bool> IsActiveKeyAsync(this IGrainFactory grains, string rallyId, RallyRole role, string subjectId) => role switch
    {
        RallyRole.Moderator => await grains.GetGrain<IRallyGrain>(rallyId).IsActiveModerator(subjectId),
        RallyRole.Organiser => await grains.GetGrain<IRallyGrain>(rallyId).IsActiveOrganiser(subjectId),
        _ => true,
    };
}
