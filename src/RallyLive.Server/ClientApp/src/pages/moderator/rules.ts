// The moderator console's pure rules: which actions a message's state allows, timeout durations, slow mode input and
// the queue's order. What the control panel shares with it (policy times, audit lines) is in shared/moderation.ts.
import type { ChatMessageState, MessageAction } from "../../shared/types.js";

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

/** A slow-mode value typed by a moderator: a whole number of seconds from 0 (off) to the server's maximum, or an error. */
export function parseSlowMode(text: string): { seconds: number } | { error: string } {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) {
    return { error: "Slow mode is a whole number of seconds (0 turns it off)." };
  }
  const seconds = Number(trimmed);
  return seconds > maxSlowModeSeconds ? { error: `Slow mode is at most ${maxSlowModeSeconds} seconds.` } : { seconds };
}

/** Messages of every stream in one queue: oldest first (newest at the bottom), ties by id. */
export function queueOrder<T extends { at: string; id: string }>(a: T, b: T): number {
  const difference = Date.parse(a.at) - Date.parse(b.at);
  return difference !== 0 && !Number.isNaN(difference) ? difference : a.id.localeCompare(b.id);
}
