// The rally's moderation as people read it, shared by the moderator console and the organiser's control panel: the
// chat policy's times as numbers, the chat modes in words, how an audit line reads, and the summary's figures.
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

const auditVerbs: Record<string, string> = {
  HideMessage: "hid message", RestoreMessage: "restored message", DeleteMessage: "deleted message", ApproveMessage: "approved message",
  TimeOutViewer: "timed out viewer", BanViewer: "banned viewer", UnbanViewer: "unbanned viewer", SetChatModes: "set chat modes",
  AddBlockedTerm: "blocked term", RemoveBlockedTerm: "unblocked term",
};

/** One audit line as a sentence: "mod-1 hid message stage/m-3 (spam)". */
export function describeAudit(entry: AuditEntry): string {
  const verb = auditVerbs[entry.action] ?? entry.action;
  return `${entry.moderatorId} ${verb} ${entry.target}${entry.reason ? ` (${entry.reason})` : ""}`;
}

/** The moderation summary's figures at a moment: flagged messages waiting, viewers timed out now, viewers banned. */
export function moderationFigures(moderation: ModerationSnapshot, now: number): { flagged: number; timedOut: number; banned: number } {
  return {
    flagged: moderation.flagged.length,
    timedOut: Object.values(moderation.policy.timedOutUntil).filter(until => Date.parse(until) > now).length,
    banned: moderation.policy.bannedViewers.length,
  };
}
