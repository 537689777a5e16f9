using System.Collections.Immutable;
using RallyLive.Abstractions.Rallies;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Server.Api;

/// <summary>The answer to creating a rally: its id, and the organiser key that is the only way to run it.</summary>
public sealed record CreatedRally(string RallyId, string OrganiserKey, RallySnapshot Rally);

/// <summary>A moderator key an organiser minted, for the moderator named <see cref="Name"/>.</summary>
public sealed record MintModeratorKeyRequest(string Name);

public sealed record ModeratorKey(string ModeratorId, string Name, string Key);

/// <summary>A rotated organiser key: the only one that opens the rally as its organiser from now on.</summary>
public sealed record OrganiserKey(string Key);

public sealed record JoinStreamRequest(string DisplayName);

/// <summary>A viewer's identity in the rally and the token that proves it, with the stream they joined.</summary>
public sealed record StreamJoined(string ViewerId, string ViewerToken, JoinReceipt Stream);

/// <summary>What anyone may see of a rally before joining it.</summary>
public sealed record PublicRally(
    string RallyId,
    string Title,
    string? Cause,
    RallyStatus Status,
    ImmutableArray<StreamInput> Streams,
    string? CurrentSegment,
    string? CurrentSpeaker,
    ImmutableArray<PinnedItem> Pinned)
{
    public static PublicRally Of(RallySnapshot rally)
    {
        var segment = rally.CurrentSegment is { } index ? rally.RunOfShow[index] : null;
        return new(rally.RallyId, rally.Title, rally.Cause, rally.Status, rally.Streams, segment?.Title,
            rally.Speakers.FirstOrDefault(s => s.Id == segment?.SpeakerId)?.Name, rally.Pinned);
    }
}
