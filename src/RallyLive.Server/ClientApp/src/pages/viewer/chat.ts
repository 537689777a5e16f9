// What the viewer's chat box says: the characters left, and each refusal in plain words.
import { ApiError, describeError } from "../../shared/api.js";
import { durationInWords, formatClock } from "../../shared/format.js";

/** The longest chat message the server takes (docs/protocol.md, `SendChat`). */
export const maxChatLength = 300;

/** The longest display name the server takes. */
export const maxDisplayNameLength = 40;

/** "120 left", or how far over the limit the text is. */
export function charactersLeft(text: string, limit = maxChatLength): { text: string; over: boolean } {
  const left = limit - [...text.trim()].length;
  return left >= 0 ? { text: `${left} left`, over: false } : { text: `${-left} too many`, over: true };
}

/**
 * A timeout as a viewer reads it, from the server's "You are timed out until 2026-12-05 08:22:02Z.": the local time
 * chat opens again and how long that is from `now`.
 */
export function timedOutWords(serverMessage: string, now: number): string {
  const match = /(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}:\d{2}(?:\.\d+)?)(Z|[+-]\d{2}:\d{2})/.exec(serverMessage);
  const until = match ? Date.parse(`${match[1]}T${match[2]}${match[3]}`) : NaN;
  if (Number.isNaN(until)) {
    return "A moderator timed you out: you cannot chat for now.";
  }
  const left = Math.max(1, Math.round((until - now) / 1000));
  return `A moderator timed you out: you can chat again at ${formatClock(new Date(until))}, in ${durationInWords(left < 60 ? left : Math.ceil(left / 60) * 60)}.`;
}

/** A refused chat message as the viewer should read it. */
export function chatRefusal(error: unknown): string {
  if (!(error instanceof ApiError)) {
    return describeError(error);
  }
  switch (error.code) {
    case "RateLimited":
      return "You are sending messages too fast. Wait a moment and send again.";
    case "SlowModeActive":
      return `Slow mode is on. ${error.message}`;
    case "ViewerTimedOut":
      return timedOutWords(error.message, Date.now());
    case "ViewerBanned":
      return "A moderator removed you from this rally's chat.";
    case "TextTooLong":
      return `Your message is too long: at most ${maxChatLength} characters.`;
    case "TextEmpty":
      return "Type a message first.";
    case "RallyNotLive":
      return "The rally is not live yet: chat opens when it starts.";
    case "RallyEnded":
      return "The rally has ended: chat is closed.";
    case "NotConnected":
      return "Not connected: your message was not sent. Send it again once the banner says live.";
    default:
      return describeError(error);
  }
}
