using System.Collections.Immutable;
using RallyLive.Grains.Rallies;

namespace RallyLive.Grains.Streams;

/// <summary>What a stream knows of its rally; read from the rally when the stream activates.</summary>
public sealed record StreamSetup(string RallyId, string StreamId, string Name, RallyStatus RallyStatus, ImmutableArray<ReactionKind> Palette);

/// <summary>A viewer joins with a display name; the id comes from their signed viewer token.</summary>
public sealed record JoinRequest(string ViewerId, string DisplayName);

public sealed record JoinReceipt(string StreamId, string DisplayName, int Viewers, StreamSetup Setup);

/// <summary>A batch of a viewer's taps since their last batch, by reaction kind.</summary>
public sealed record ReactRequest(string ViewerId, ImmutableDictionary<string, int> Counts);

public sealed record ReactReceipt(int Accepted);

public sealed record SendChatRequest(string ViewerId, string Text);

public enum ChatMessageState
{
    /// <summary>Everyone sees it.</summary>
    Visible,

    /// <summary>Waiting for a moderator: only moderators (and its author) see it.</summary>
    Held,

    /// <summary>Hidden by a moderator; can be restored.</summary>
    Hidden,

    /// <summary>Deleted by a moderator; kept for the audit log and the report only.</summary>
    Deleted,
}

/// <summary>A chat message as stored and as shown; <see cref="Text"/> is the cleaned text, always rendered as text.</summary>
public sealed record ChatMessage(
    string Id,
    long Sequence,
    string StreamId,
    string ViewerId,
    string DisplayName,
    string Text,
    DateTimeOffset At,
    ChatMessageState State,
    string? Reason,
    double Sentiment);

/// <summary>What one tick of a stream adds to the crowd's picture: reactions and chat since the last tick.</summary>
public sealed record StreamFrame(
    string RallyId,
    string StreamId,
    DateTimeOffset At,
    ImmutableDictionary<string, int> Reactions,
    int Viewers,
    int ChatMessages,
    double ChatSentimentSum);

/// <summary>A stream as a (re)connecting client sees it.</summary>
public sealed record StreamSnapshot(
    StreamSetup Setup,
    int Viewers,
    ImmutableDictionary<string, long> ReactionTotals,
    ImmutableArray<ChatMessage> RecentChat);

/// <summary>The chat rules of a rally, decided by its moderators and enforced by each stream.</summary>
public sealed record ChatPolicy(
    TimeSpan? SlowModeInterval,
    bool HoldForReview,
    DateTimeOffset? ShieldModeSince,
    ImmutableHashSet<string> BannedViewers,
    ImmutableDictionary<string, DateTimeOffset> TimedOutUntil,
    ImmutableArray<string> BlockedTerms)
{
    public static ChatPolicy Open { get; } = new(null, false, null, [], ImmutableDictionary<string, DateTimeOffset>.Empty, []);
}

/// <summary>Stream grain keys: <c>{rallyId}/{streamId}</c>.</summary>
public static class StreamKey
{
    public static string For(string rallyId, string streamId) => $"{rallyId}/{streamId}";

    public static string RallyId(string key) => key[..key.LastIndexOf('/')];

    public static string StreamId(string key) => key[(key.LastIndexOf('/') + 1)..];
}
