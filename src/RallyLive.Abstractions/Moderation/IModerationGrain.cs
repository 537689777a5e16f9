using System.Collections.Immutable;
using RallyLive.Abstractions.Streams;

namespace RallyLive.Abstractions.Moderation;

/// <summary>
/// A rally's moderation, keyed by rally id: the chat rules (chat modes, blocked terms, timeouts and bans) that every
/// stream enforces, the flagged queue with reasons, and the audit log. Every action is durable and audited when it
/// returns. A leaf of the rally's call graph: the rally and the streams call it; it calls no grain.
/// </summary>
public interface IModerationGrain : IGrainWithStringKey
{
    /// <summary>The rally hands over its stream ids when it is created; calls for a rally never opened are refused.</summary>
    ValueTask Open(ImmutableArray<string> streamIds);

    /// <summary>The rules streams enforce; a stream reads them when it activates.</summary>
    [ReadOnly]
    ValueTask<ChatPolicy> GetPolicy();

    /// <summary>Everything the moderation console shows.</summary>
    [ReadOnly]
    ValueTask<ModerationSnapshot> GetSnapshot();

    /// <summary>
    /// Validates, stores and audits a change to the rules and returns them. Only the rally calls it, so that it can
    /// hand the new rules to its streams (<see cref="Rallies.IRallyGrain.ChangeChatPolicy"/>).
    /// </summary>
    ValueTask<ChatPolicy> ChangePolicy(ChatPolicyChange change);

    /// <summary>Audits a moderator's action on a message, which its stream has carried out, and clears the message's flags.</summary>
    ValueTask MessageActedOn(MessageActionRequest request);

    /// <summary>Audits a moderator's approval or refusal of a question, which the rally's questions have stored.</summary>
    ValueTask QuestionModerated(QuestionModerated moderated);

    /// <summary>The rally names a moderator it added, so that audit lines can say who acted.</summary>
    ValueTask ModeratorNamed(string moderatorId, string name);

    /// <summary>
    /// Puts a message in the flagged queue, or adds a report and its reason to it. One report per reporter per message:
    /// a reporter's second report of the same message changes nothing and returns false. Callers have checked that the
    /// message exists (a viewer's report goes through its stream, <see cref="IStreamGrain.Report"/>).
    /// </summary>
    // Interleaves so that a raid's reports share storage commits; the count changes before any await (see ModerationGrain).
    [AlwaysInterleave]
    ValueTask<bool> Flag(FlagRequest request);

    /// <summary>
    /// What moderators did about one viewer (timeouts, bans, unbans, actions on their messages), newest first, from the
    /// latest <paramref name="scanned"/> lines of the audit log; at most <paramref name="limit"/> of them.
    /// </summary>
    [ReadOnly]
    ValueTask<IReadOnlyList<AuditEntry>> GetActionsAbout(string viewerId, int scanned, int limit);

    /// <summary>Audit entries after <paramref name="afterSequence"/>, oldest first.</summary>
    [ReadOnly]
    ValueTask<IReadOnlyList<AuditEntry>> GetAuditLog(long afterSequence, int limit);
}
