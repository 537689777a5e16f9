using System.Collections.Immutable;
using RallyLive.Grains.Streams;

namespace RallyLive.Grains.Moderation;

/// <summary>What a moderator does to one chat message.</summary>
public enum MessageAction
{
    Hide,
    Restore,
    Delete,

    /// <summary>Lets a held message through.</summary>
    Approve,
}

/// <summary>A moderator's action on a message of one of the rally's streams.</summary>
public sealed record MessageActionRequest(string ModeratorId, string StreamId, string MessageId, MessageAction Action, string? Reason = null);

/// <summary>The chat modes a moderator sets for all the rally's streams.</summary>
public sealed record ChatModesRequest(string ModeratorId, int SlowModeSeconds, bool HoldForReview, bool ShieldMode);

/// <summary>A message someone (a viewer, or the stream itself for a held message) wants a moderator to look at.</summary>
public sealed record FlagRequest(string StreamId, string MessageId, string ReportedBy, string Reason);

public sealed record FlaggedMessage(string StreamId, string MessageId, ImmutableArray<string> Reasons, int Reports, DateTimeOffset FirstFlaggedAt);

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
}

/// <summary>One line of the audit log: who did what to whom, when and why.</summary>
public sealed record AuditEntry(long Sequence, DateTimeOffset At, string ModeratorId, AuditAction Action, string Target, string? Reason);

/// <summary>The rally's moderation as its console shows it.</summary>
public sealed record ModerationSnapshot(ChatPolicy Policy, ImmutableArray<FlaggedMessage> Flagged, ImmutableArray<AuditEntry> RecentAudit);

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
