// What the console remembers of each viewer beyond the rows it shows: their latest messages in this rally, for the
// user card and for the flagged queue's text once a row has left the queue. Bounded: the latest messages per viewer,
// the most recently active viewers.
import type { AuditEntry, ChatMessage } from "../../shared/types.js";

export class ViewerHistory {
  private readonly byViewer = new Map<string, ChatMessage[]>();
  private readonly byId = new Map<string, ChatMessage>();

  constructor(private readonly perViewer = 50, private readonly viewers = 5000) {}

  /** Remembers a message, or its new state. */
  record(message: ChatMessage): void {
    const earlier = this.byViewer.get(message.viewerId) ?? [];
    const index = earlier.findIndex(m => m.id === message.id);
    if (index >= 0) {
      earlier[index] = message;
    } else {
      earlier.push(message);
      if (earlier.length > this.perViewer) {
        this.byId.delete(earlier.shift()!.id);
      }
    }
    this.byId.set(message.id, message);
    // Most recently active last, so the first key is the one to forget.
    this.byViewer.delete(message.viewerId);
    this.byViewer.set(message.viewerId, earlier);
    if (this.byViewer.size > this.viewers) {
      const [oldest] = this.byViewer.keys();
      for (const gone of this.byViewer.get(oldest!) ?? []) {
        this.byId.delete(gone.id);
      }
      this.byViewer.delete(oldest!);
    }
  }

  get(messageId: string): ChatMessage | undefined {
    return this.byId.get(messageId);
  }

  /** A viewer's remembered messages, oldest first. */
  messagesOf(viewerId: string): ChatMessage[] {
    return this.byViewer.get(viewerId) ?? [];
  }

  /** A viewer's latest display name, or null if they never chatted here. */
  nameOf(viewerId: string): string | null {
    const messages = this.byViewer.get(viewerId);
    return messages?.length ? messages[messages.length - 1]!.displayName : null;
  }
}

/**
 * The audit lines about a viewer: those naming them as `viewerId`; older lines without it when a timeout, ban or unban
 * names them as target, or an action names one of their messages (`{streamId}/{messageId}`).
 */
export function auditAbout(viewerId: string, messages: readonly Pick<ChatMessage, "id" | "streamId">[], audit: readonly AuditEntry[]): AuditEntry[] {
  const targets = new Set(messages.map(m => `${m.streamId}/${m.id}`));
  return audit.filter(entry => entry.viewerId === viewerId || entry.target === viewerId || targets.has(entry.target));
}

/** Two lists of a viewer's records as one, newest first, each once: `live` (kept current by the hub's pushes) wins over `fetched`. */
export function mergeNewestFirst<T>(live: readonly T[], fetched: readonly T[], key: (item: T) => string, newer: (a: T, b: T) => number): T[] {
  const byKey = new Map<string, T>();
  for (const item of fetched) {
    byKey.set(key(item), item);
  }
  for (const item of live) {
    byKey.set(key(item), item);
  }
  return [...byKey.values()].sort(newer);
}
