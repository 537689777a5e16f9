using RallyLive.Abstractions.Rallies;

namespace RallyLive.Grains.Rallies;

/// <summary>The rally's durable state.</summary>
public sealed class RallyState
{
    public string Title { get; set; } = string.Empty;

    public string? Cause { get; set; }

    public RallyStatus Status { get; set; }

    public List<SpeakerInput> Speakers { get; set; } = [];

    public List<StreamInput> Streams { get; set; } = [];

    public List<SegmentView> Segments { get; set; } = [];

    public int? CurrentSegment { get; set; }

    public List<ReactionKind> Palette { get; set; } = [];

    public List<string> PollIds { get; set; } = [];

    public List<PinnedItem> Pinned { get; set; } = [];

    /// <summary>
    /// The organiser whose key opens the rally: the one minted at creation, then the latest rotation's. Null for a rally
    /// stored before keys could be rotated: every organiser key of the rally opens it until the first rotation.
    /// </summary>
    public string? OrganiserId { get; set; }

    /// <summary>Moderators by id, with their name and, once revoked, when.</summary>
    public Dictionary<string, ModeratorEntry> Moderators { get; set; } = [];

    /// <summary>
    /// Whether the rally's streams, moderation and crowd sentiment have stored the setup the rally hands them. False
    /// until they all have (a crash in between, or a rally of an earlier version), and then handed again on activation.
    /// </summary>
    public bool SetupHandedDown { get; set; }

    /// <summary>Numbers pins and polls; never reused, so an id always means one thing.</summary>
    public int LastItemNumber { get; set; }
}

/// <summary>A moderator of the rally; a revoked one's key no longer works.</summary>
public sealed record ModeratorEntry(string Name, DateTimeOffset AddedAt, DateTimeOffset? RevokedAt);
