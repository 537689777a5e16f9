// The moderator console's pure rules: which actions a message's state allows, timeout durations, the chat policy's
// times as numbers, and how an audit line reads.
import type { AuditEntry, ChatMessageState, MessageAction } from "../../shared/types.js";

/** The message actions that make sense in a state (the server refuses the rest anyway, so they are not offered). */
export function actionsFor(state: ChatMessageState): MessageAction[] {
  switch (state) {
    case "Visible":
      return ["Hide", "Delete"];
    case "Held":
      return ["Approve", "Hide", "Delete"];
    case "Hidden":
      return ["Restore", "Delete"];
    case "Deleted":
      return [];
  }
}

/** The timeouts a moderator picks from, in seconds. */
export const timeoutChoices: { seconds: number; label: string }[] = [
  { seconds: 60, label: "1 minute" },
  { seconds: 300, label: "5 minutes" },
  { seconds: 600, label: "10 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
];

/** The longest slow mode the server takes, in seconds. */
export const maxSlowModeSeconds = 600;

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

/** A slow-mode value typed by a moderator: a whole number of seconds from 0 (off) to the server's maximum, or an error. */
export function parseSlowMode(text: string): { seconds: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return { error: "Slow mode is a whole number of seconds (0 turns it off)." };
  }
  const seconds = Number(trimmed);
  return seconds > maxSlowModeSeconds ? { error: `Slow mode is at most ${maxSlowModeSeconds} seconds.` } : { seconds };
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

/** Messages of every stream in one queue: oldest first (newest at the bottom), ties by id. */
export function queueOrder<T extends { at: string; id: string }>(a: T, b: T): number {
  const difference = Date.parse(a.at) - Date.parse(b.at);
  return difference !== 0 && !Number.isNaN(difference) ? difference : a.id.localeCompare(b.id);
}
