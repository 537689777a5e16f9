// The rally's moderation as people read it, shared by the moderator console and the organiser's control panel: the
// chat policy's times as numbers, the chat modes in words, how an audit line reads, and the summary's figures.
import { durationInWords } from "./format.js";
import type { AuditEntry, ChatPolicy, ModerationDelta, ModerationSnapshot } from "./types.js";

/** How many audit lines the server keeps in a snapshot's recentAudit; a page keeps as many. */
export const recentAuditKept = 100;

/**
 * The moderation after a ModerationChanged: the server sends only what changed, never the whole flagged queue.
 * Flags are replaced by message id (a flag that grew arrives whole) or removed; audit lines are added once each.
 */
export function applyModerationChanges(moderation: ModerationSnapshot, changes: ModerationDelta): ModerationSnapshot {
  const flagged = new Map(moderation.flagged.map(flag => [flag.messageId, flag]));
  for (const id of changes.unflagged) {
    flagged.delete(id);
  }
  for (const flag of changes.flagged) {
    flagged.set(flag.messageId, flag);
  }
  const seen = new Set(moderation.recentAudit.map(entry => entry.sequence));
  const recentAudit = [...moderation.recentAudit, ...changes.audit.filter(entry => !seen.has(entry.sequence))]
    .sort((a, b) => a.sequence - b.sequence)
    .slice(-recentAuditKept);
  return {
    policy: changes.policy ?? moderation.policy,
    flagged: [...flagged.values()].sort((a, b) => Date.parse(a.firstFlaggedAt) - Date.parse(b.firstFlaggedAt)),
    recentAudit,
  };
}

/** Seconds of a .NET TimeSpan as JSON writes it ("00:00:10", "1.02:03:04.5"), or 0 for null or anything else. */
export function timeSpanSeconds(span: string | null): number {
  if (!span) {
    return 0;
  }
  const match = /^(-)?(?:(\d+)\.)?(\d{1,2}):(\d{2}):(\d{2})(?:\.(\d+))?$/.exec(span.trim());
  if (!match) {
    return 0;
  }
  const [, minus, days, hours, minutes, seconds] = match;
  const total = Number(days ?? 0) * 86_400 + Number(hours) * 3600 + Number(minutes) * 60 + Number(seconds);
  return minus ? -total : total;
}

/** The chat modes in words: "Slow mode: one message every 10 s · holding every message · shield on". */
export function describeChatModes(policy: ChatPolicy): string {
  const slow = timeSpanSeconds(policy.slowModeInterval);
  return [
    slow > 0 ? `Slow mode: one message every ${slow} s` : "Slow mode off",
    policy.holdForReview ? "holding every message" : null,
    policy.shieldModeSince ? "shield on" : null,
  ].filter(Boolean).join(" · ");
}

const messageVerbs: Record<string, string> = { HideMessage: "hid", RestoreMessage: "restored", DeleteMessage: "deleted", ApproveMessage: "approved" };

/** Who acted, for people: the moderator's name, never their internal id. */
export const auditModerator = (entry: AuditEntry): string => entry.moderatorName ?? "A moderator";

/**
 * What an audit line did, for people, with names and the message's text rather than ids: "hid Troll's message
 * “buy followers” (spam)", "timed out Troll for 5 minutes", "set chat modes: slow 10s, hold off, shield off".
 */
export function describeAuditAction(entry: AuditEntry): string {
  const viewer = entry.viewerName ?? "a viewer";
  const reason = entry.reason ? ` (${entry.reason})` : "";
  const messageVerb = messageVerbs[entry.action];
  if (messageVerb) {
    const whose = entry.viewerName ? `${entry.viewerName}'s message` : "a message";
    return `${messageVerb} ${whose}${entry.messageText ? ` “${entry.messageText}”` : ""}${reason}`;
  }
  switch (entry.action) {
    case "TimeOutViewer": {
      const seconds = timeSpanSeconds(entry.duration ?? null);
      return `timed out ${viewer}${seconds > 0 ? ` for ${durationInWords(seconds)}` : ""}${reason}`;
    }
    case "BanViewer": return `banned ${viewer}${reason}`;
    case "UnbanViewer": return `unbanned ${viewer}${reason}`;
    case "SetChatModes": return `set chat modes: ${entry.target}${reason}`;
    case "AddBlockedTerm": return `blocked the term “${entry.target}”${reason}`;
    case "RemoveBlockedTerm": return `unblocked the term “${entry.target}”${reason}`;
    case "ApproveQuestion": return `approved ${viewer}'s question${entry.messageText ? ` “${entry.messageText}”` : ""}`;
    case "RejectQuestion": return `turned down ${viewer}'s question${entry.messageText ? ` “${entry.messageText}”` : ""}`;
    default: return `${entry.action}${reason}`;
  }
}

/** One audit line as a sentence: "Ezra hid Troll's message “buy followers” (spam)". */
export function describeAudit(entry: AuditEntry): string {
  return `${auditModerator(entry)} ${describeAuditAction(entry)}`;
}

/** The moderation summary's figures at a moment: flagged messages waiting, viewers timed out now, viewers banned. */
export function moderationFigures(moderation: ModerationSnapshot, now: number): { flagged: number; timedOut: number; banned: number } {
  return {
    flagged: moderation.flagged.length,
    timedOut: Object.values(moderation.policy.timedOutUntil).filter(until => Date.parse(until) > now).length,
    banned: moderation.policy.bannedViewers.length,
  };
}
