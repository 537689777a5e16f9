// What the viewer's chat box says: the characters left, and each refusal in plain words.
import { ApiError, describeError } from "../../shared/api.js";

/** The longest chat message the server takes (docs/protocol.md, `SendChat`). */
export const maxChatLength = 300;

/** The longest display name the server takes. */
export const maxDisplayNameLength = 40;

/** "120 left", or how far over the limit the text is. */
export function charactersLeft(text: string, limit = maxChatLength): { text: string; over: boolean } {
  const left = limit - [...text.trim()].length;
  return left >= 0 ? { text: `${left} left`, over: false } : { text: `${-left} too many`, over: true };
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
      return `A moderator timed you out: you cannot chat for now. ${error.message}`;
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
