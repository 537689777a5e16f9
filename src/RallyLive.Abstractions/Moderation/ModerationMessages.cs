using System.Collections.Immutable;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Abstractions.Moderation;

/// <summary>What a moderator does to one chat message.</summary>
public enum MessageAction
{
    Hide,
    Restore,
    Delete,

    /// <summary>Lets a held message through.</summary>
    Approve,
}

/// <summary>
/// A moderator's action on a message of one of the rally's streams. The stream fills in the message's author and
/// text from its own log when it tells moderation (for the audit line); what a caller puts there is ignored.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.message-action-request")]
public sealed record MessageActionRequest(
    [property: Id(0)] string ModeratorId,
    [property: Id(1)] string StreamId,
    [property: Id(2)] string MessageId,
    [property: Id(3)] MessageAction Action,
    [property: Id(4)] string? Reason = null,
    [property: Id(5)] string? AuthorId = null,
    [property: Id(6)] string? AuthorName = null,
    [property: Id(7)] string? Text = null);

/// <summary>A moderator approved or turned down a viewer's question, which the rally's questions have stored: for the audit log.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.question-moderated")]
public sealed record QuestionModerated(
    [property: Id(0)] string ModeratorId,
    [property: Id(1)] string QuestionId,
    [property: Id(2)] bool Approved,
    [property: Id(3)] string AskerId,
    [property: Id(4)] string AskerName,
    [property: Id(5)] string Text);

/// <summary>
/// A moderator's change to the rally's chat rules. The rally applies it: moderation validates, stores and audits it,
/// then the rally hands the new rules to every stream before the moderator hears back.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.chat-policy-change")]
public abstract record ChatPolicyChange([property: Id(0)] string ModeratorId);

/// <summary>The chat modes for all the rally's streams: slow mode (0 is off), hold for review, shield mode.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.set-chat-modes")]
public sealed record SetChatModes(string ModeratorId, [property: Id(0)] int SlowModeSeconds, [property: Id(1)] bool HoldForReview, [property: Id(2)] bool ShieldMode)
    : ChatPolicyChange(ModeratorId);

[GenerateSerializer, Immutable, Alias("rallylive.add-blocked-term")]
public sealed record AddBlockedTerm(string ModeratorId, [property: Id(0)] string Term) : ChatPolicyChange(ModeratorId);

[GenerateSerializer, Immutable, Alias("rallylive.remove-blocked-term")]
public sealed record RemoveBlockedTerm(string ModeratorId, [property: Id(0)] string Term) : ChatPolicyChange(ModeratorId);

[GenerateSerializer, Immutable, Alias("rallylive.time-out-viewer")]
public sealed record TimeOutViewer(string ModeratorId, [property: Id(0)] string ViewerId, [property: Id(1)] TimeSpan Duration, [property: Id(2)] string? Reason)
    : ChatPolicyChange(ModeratorId);

[GenerateSerializer, Immutable, Alias("rallylive.ban-viewer")]
public sealed record BanViewer(string ModeratorId, [property: Id(0)] string ViewerId, [property: Id(1)] string? Reason) : ChatPolicyChange(ModeratorId);

[GenerateSerializer, Immutable, Alias("rallylive.unban-viewer")]
public sealed record UnbanViewer(string ModeratorId, [property: Id(0)] string ViewerId) : ChatPolicyChange(ModeratorId);

/// <summary>A message someone (a viewer, or the stream itself for a held message) wants a moderator to look at.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.flag-request")]
public sealed record FlagRequest(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string MessageId,
    [property: Id(2)] string ReportedBy,
    [property: Id(3)] string Reason,
    [property: Id(4)] string? AuthorId = null,
    [property: Id(5)] string? AuthorName = null);

[GenerateSerializer, Immutable, Alias("rallylive.flagged-message")]
public sealed record FlaggedMessage(
    [property: Id(0)] string StreamId,
    [property: Id(1)] string MessageId,
    [property: Id(2)] ImmutableArray<string> Reasons,
    [property: Id(3)] int Reports,
    [property: Id(4)] DateTimeOffset FirstFlaggedAt);

public enum AuditAction
{
    HideMessage,
    RestoreMessage,
    DeleteMessage,
    ApproveMessage,
    TimeOutViewer,
    BanViewer,
    UnbanViewer,
    SetChatModes,
    AddBlockedTerm,
    RemoveBlockedTerm,
    ApproveQuestion,
    RejectQuestion,
}

/// <summary>
/// One line of the audit log: who did what to whom, when and why. For people: the moderator's name, the viewer's
/// display name (the target viewer's, or a message's author), an excerpt of the message acted on, a timeout's length;
/// each null when the rally did not know it (lines written before they were kept, a viewer never seen in chat).
/// <see cref="ViewerId"/> is the viewer the line is about: the target of a timeout or ban, a message's author.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.audit-entry")]
public sealed record AuditEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset At,
    [property: Id(2)] string ModeratorId,
    [property: Id(3)] AuditAction Action,
    [property: Id(4)] string Target,
    [property: Id(5)] string? Reason,
    [property: Id(6)] string? ModeratorName = null,
    [property: Id(7)] string? ViewerName = null,
    [property: Id(8)] string? MessageText = null,
    [property: Id(9)] TimeSpan? Duration = null,
    [property: Id(10)] string? ViewerId = null);

/// <summary>The rally's moderation as its console shows it.</summary>
[GenerateSerializer, Immutable, Alias("rallylive.moderation-snapshot")]
public sealed record ModerationSnapshot(
    [property: Id(0)] ChatPolicy Policy,
    [property: Id(1)] ImmutableArray<FlaggedMessage> Flagged,
    [property: Id(2)] ImmutableArray<AuditEntry> RecentAudit);

/// <summary>
/// What changed in the rally's moderation since the last announcement: the rules when they changed, the flags that were
/// raised or grew (as they are now), the messages whose flags were cleared, and the new audit lines, oldest first.
/// Clients apply it to the <see cref="ModerationSnapshot"/> of their catch-up.
/// </summary>
[GenerateSerializer, Immutable, Alias("rallylive.moderation-delta")]
public sealed record ModerationDelta(
    [property: Id(0)] ChatPolicy? Policy,
    [property: Id(1)] ImmutableArray<FlaggedMessage> Flagged,
    [property: Id(2)] ImmutableArray<string> Unflagged,
    [property: Id(3)] ImmutableArray<AuditEntry> Audit);

internal static class MessageActions
{
    public static (ChatMessageState State, AuditAction Audit) Effect(MessageAction action) => action switch
    {
        MessageAction.Hide => (ChatMessageState.Hidden, AuditAction.HideMessage),
        MessageAction.Restore => (ChatMessageState.Visible, AuditAction.RestoreMessage),
        MessageAction.Delete => (ChatMessageState.Deleted, AuditAction.DeleteMessage),
        MessageAction.Approve => (ChatMessageState.Visible, AuditAction.ApproveMessage),
        _ => throw new RallyException(RallyErrorCode.InvalidRequest, $"'{action}' is not a message action."),
    };
}
