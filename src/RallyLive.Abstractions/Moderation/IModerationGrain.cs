using RallyLive.Abstractions.Streams;

namespace RallyLive.Abstractions.Moderation;

/// <summary>
/// A rally's moderation, keyed by rally id: chat modes, blocked terms, timeouts and bans (enforced by every
/// stream), the flagged queue with reasons, and the audit log. Every action is durable and audited when it returns.
/// </summary>
public interface IModerationGrain : IGrainWithStringKey
{
    /// <summary>The rules streams enforce. Streams read it when they activate, possibly in the middle of a moderation call.</summary>
    [AlwaysInterleave]
    ValueTask<ChatPolicy> GetPolicy();

    /// <summary>Everything the moderation console shows.</summary>
    [AlwaysInterleave]
    ValueTask<ModerationSnapshot> GetSnapshot();

    ValueTask<ChatPolicy> SetChatModes(ChatModesRequest request);

    ValueTask<ChatPolicy> AddBlockedTerm(string moderatorId, string term);

    ValueTask<ChatPolicy> RemoveBlockedTerm(string moderatorId, string term);

    ValueTask<ChatPolicy> TimeOut(string moderatorId, string viewerId, TimeSpan duration, string? reason);

    ValueTask<ChatPolicy> Ban(string moderatorId, string viewerId, string? reason);

    ValueTask<ChatPolicy> Unban(string moderatorId, string viewerId);

    /// <summary>Hides, restores, deletes or approves a message, and clears its flags.</summary>
    ValueTask<ChatMessage> ActOnMessage(MessageActionRequest request);

    /// <summary>Puts a message in the flagged queue, or adds a reason to it.</summary>
    // Interleaves: streams flag held messages while this grain may be waiting on one of them.
    [AlwaysInterleave]
    ValueTask Flag(FlagRequest request);

    /// <summary>Audit entries after <paramref name="afterSequence"/>, oldest first.</summary>
    [AlwaysInterleave]
    ValueTask<IReadOnlyList<AuditEntry>> GetAuditLog(long afterSequence, int limit);
}
