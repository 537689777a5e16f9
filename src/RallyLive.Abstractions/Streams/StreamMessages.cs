using System.Collections.Immutable;
using RallyLive.Abstractions.Rallies;

namespace RallyLive.Abstractions.Streams;

/// <summary>What a stream knows of its rally; read from the rally when the stream activates.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.stream-setup")]
public sealed record StreamSetup(
    [property: Id(0)] string RallyId,
    [property: Id(1)] string StreamId,
    [property: Id(2)] string Name,
    [property: Id(3)] RallyStatus RallyStatus,
    [property: Id(4)] ImmutableArray<ReactionKind> Palette);

/// <summary>
/// A viewer joins with a display name; the id comes from their signed viewer token. <see cref="Provisional"/> is a join
/// that no connection holds yet (the HTTP join): it lasts the stream's join lease unless a connection joins the viewer
/// within it. <see cref="Node"/> is the server process whose connection joined them: the viewer stays while a node
/// holds them (<see cref="NodePresence"/>).
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.join-request")]
public sealed record JoinRequest(
    [property: Id(0)] string ViewerId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] bool Provisional = false,
    [property: Id(3)] string? Node = null);

/// <summary>
/// Every viewer one node's connections watch on one stream, sent by that node every third of the stream's node lease:
/// the stream holds exactly these for that node, and lets the node's viewers go once a lease passes without it (a
/// node killed or cut off). Sent empty when the node's last viewer of the stream has gone.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.node-presence")]
public sealed record NodePresence([property: Id(0)] string Node, [property: Id(1)] ImmutableArray<HeldViewer> Viewers);

/// <summary>A viewer a node holds on a stream, with the name they joined under.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.held-viewer")]
public sealed record HeldViewer([property: Id(0)] string ViewerId, [property: Id(1)] string DisplayName);

[GenerateSerializer, Immutable, Alias("rallylive.join-receipt")]
public sealed record JoinReceipt(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string DisplayName,
    [property: Id(2)] int Viewers,
    [property: Id(3)] StreamSetup Setup);

/// <summary>A batch of a viewer's taps since their last batch, by reaction kind.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.react-request")]
public sealed record ReactRequest([property: Id(0)] string ViewerId, [property: Id(1)] ImmutableDictionary<string, int> Counts);

/// <summary>
/// A batch of taps was counted in memory: <see cref="Accepted"/> taps. Reactions are counted at most once and are not
/// durable when this is answered (<see cref="Durable"/> is always false): the stream stores its totals at least once a
/// second, so a crash may lose up to the last second of accepted taps. Votes, chat and moderators' actions, unlike
/// reactions, are stored before they are answered.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.react-receipt")]
public sealed record ReactReceipt([property: Id(0)] int Accepted)
{
    /// <summary>Always false: a reaction's receipt is no promise that it survives a crash.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Performance", "CA1822", Justification = "Part of the receipt clients read as JSON.")]
    public bool Durable => false;
}

/// <summary>What became of one request of a batch: its receipt, or why it was refused (it then counted nothing).</summary>
[GenerateSerializer, Immutable, Alias("rallylive.react-outcome")]
public sealed record ReactOutcome(
    [property: Id(0)] ReactReceipt? Receipt,
    [property: Id(1)] RallyErrorCode? Refused = null,
    [property: Id(2)] string? Reason = null)
{
    /// <summary>The receipt, or the refusal as the <see cref="RallyException"/> a single call would have thrown.</summary>
    public ReactReceipt ReceiptOrThrow() => Receipt ?? throw new RallyException(Refused ?? RallyErrorCode.InvalidRequest, Reason ?? "Refused.");
}

[GenerateSerializer, Immutable, Alias("rallylive.send-chat-request")]
public sealed record SendChatRequest([property: Id(0)] string ViewerId, [property: Id(1)] string Text);

/// <summary>A viewer's report of one of the stream's messages, with their reason.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.report-request")]
public sealed record ReportRequest([property: Id(0)] string ViewerId, [property: Id(1)] string MessageId, [property: Id(2)] string? Reason);

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
[GenerateSerializer, Immutable, Alias("rallylive.chat-message")]
public sealed record ChatMessage(
    [property: Id(0)] string Id,
    [property: Id(1)] long Sequence,
    [property: Id(2)] string StreamId,
    [property: Id(3)] string ViewerId,
    [property: Id(4)] string DisplayName,
    [property: Id(5)] string Text,
    [property: Id(6)] DateTimeOffset At,
    [property: Id(7)] ChatMessageState State,
    [property: Id(8)] string? Reason,
    [property: Id(9)] double Sentiment);

/// <summary>What one tick of a stream adds to the crowd's picture: reactions and chat since the last tick.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.stream-frame")]
public sealed record StreamFrame(
    [property: Id(0)] string RallyId,
    [property: Id(1)] string StreamId,
    [property: Id(2)] DateTimeOffset At,
    [property: Id(3)] ImmutableDictionary<string, int> Reactions,
    [property: Id(4)] int Viewers,
    [property: Id(5)] int ChatMessages,
    [property: Id(6)] double ChatSentimentSum);

/// <summary>A stream as a (re)connecting client sees it.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.stream-snapshot")]
public sealed record StreamSnapshot(
    [property: Id(0)] StreamSetup Setup,
    [property: Id(1)] int Viewers,
    [property: Id(2)] ImmutableDictionary<string, long> ReactionTotals,
    [property: Id(3)] ImmutableArray<ChatMessage> RecentChat);

/// <summary>The chat rules of a rally, decided by its moderators and enforced by each stream.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.chat-policy")]
public sealed record ChatPolicy(
    [property: Id(0)] TimeSpan? SlowModeInterval,
    [property: Id(1)] bool HoldForReview,
    [property: Id(2)] DateTimeOffset? ShieldModeSince,
    [property: Id(3)] ImmutableHashSet<string> BannedViewers,
    [property: Id(4)] ImmutableDictionary<string, DateTimeOffset> TimedOutUntil,
    [property: Id(5)] ImmutableArray<string> BlockedTerms)
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
