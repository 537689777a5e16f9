// The console's queue: every stream's chat, one compact line per message, newest at the bottom. Built for a hundred
// messages a second: arrivals are appended once per animation frame as one batch, a change replaces only its row, and
// at most `maxRows` rows stay in the page (flagged and held ones outlast the rest). While the pointer is over the
// list or a row has focus, the queue holds still: arrivals wait and a "N new messages" bar counts them; leaving the
// list, or clicking the bar, appends them. Actions show on a row under the pointer or with focus; keys act on the
// focused row (see `queueKeys`).
import { h } from "../../shared/dom.js";
import type { ChatMessage, MessageAction } from "../../shared/types.js";
import { everything, matchesFilter, type QueueFilter } from "./filters.js";
import { onQueueKey, renderQueueRow } from "./queueRow.js";

export { actionLabels } from "./queueRow.js";

/** What a row shows about its viewer. */
export interface ViewerStatus { banned: boolean; timedOutUntil: string | null }

/** What the queue asks of the page: the moderation state rows show, and the actions their buttons take. */
export interface QueueHost {
  streamName(streamId: string): string;
  flagsOf(messageId: string): readonly string[];
  viewerStatus(viewerId: string): ViewerStatus;
  act(button: HTMLButtonElement, message: ChatMessage, action: MessageAction): void;
  timeOut(button: HTMLButtonElement, message: ChatMessage, seconds: number): void;
  ban(button: HTMLButtonElement, message: ChatMessage): void;
  openCard(viewerId: string): void;
}

/**
 * Which rows leave so that at most `max` stay, oldest first: rows that need no review (not `sticky`) go before any that
 * do; among those, the oldest. Returns the indexes of the rows that leave, in order.
 */
export function rowsToEvict(sticky: readonly boolean[], max: number): number[] {
  let excess = sticky.length - max;
  if (excess <= 0) {
    return [];
  }
  const leaving: number[] = [];
  for (let i = 0; i < sticky.length && excess > 0; i++) {
    if (!sticky[i]) {
      leaving.push(i);
      excess--;
    }
  }
  for (let i = 0; i < sticky.length && excess > 0; i++) {
    if (sticky[i]) {
      leaving.push(i);
      excess--;
    }
  }
  return leaving.sort((a, b) => a - b);
}

export class ChatList {
  readonly list = h("ol", { class: "list queue", "data-testid": "queue", "aria-label": "All chat, newest at the bottom" });
  readonly newBar = h("button", { type: "button", class: "new-bar", "data-testid": "new-messages", hidden: true, onclick: () => this.resume() });
  private readonly rows = new Map<string, { message: ChatMessage; row: HTMLElement }>();
  /** Arrivals not yet in the page, oldest first (while paused, the latest `maxRows` of them). */
  private readonly pending = new Map<string, ChatMessage>();
  /** Arrivals that left the waiting ones while paused (more than `maxRows` came): still counted on the bar. */
  private droppedWhilePaused = 0;
  private frame = 0;
  /** Whether the pointer is over the list, and over the bar (which floats over the list's foot). */
  private overList = false;
  private overBar = false;
  private focusInside = false;
  private filter: QueueFilter = everything;
  /** The time-out length picked on each row, kept when the row is redrawn. */
  private readonly pickedTimeouts = new Map<string, string>();

  constructor(private readonly host: QueueHost, private readonly maxRows = 500) {
    // Reaching for the bar leaves the list: the bar counts as the list, so the queue holds still until it is clicked.
    this.list.addEventListener("pointerenter", () => { this.overList = true; this.schedule(); });
    this.list.addEventListener("pointerleave", () => { this.overList = false; this.schedule(); });
    this.newBar.addEventListener("pointerenter", () => { this.overBar = true; this.schedule(); });
    this.newBar.addEventListener("pointerleave", () => { this.overBar = false; this.schedule(); });
    this.list.addEventListener("focusin", () => { this.focusInside = true; });
    // Checked after the event: a row redrawn under focus gets it back at once, which is no reason to resume.
    this.list.addEventListener("focusout", () => queueMicrotask(() => {
      this.focusInside = this.list.contains(document.activeElement);
      this.schedule();
    }));
    this.list.addEventListener("keydown", event => onQueueKey(event, viewerId => this.host.openCard(viewerId)));
  }

  /** Whether the queue holds still: the pointer is over it (or its bar) or one of its rows has focus. */
  get paused(): boolean {
    return this.overList || this.overBar || this.focusInside;
  }

  /** The message if the queue has it (shown or waiting). */
  get(messageId: string): ChatMessage | undefined {
    return this.rows.get(messageId)?.message ?? this.pending.get(messageId);
  }

  /** How many rows are in the page. */
  get size(): number {
    return this.rows.size;
  }

  /** Starts again from a catch-up's messages (oldest first): the latest `maxRows` of them, drawn at once. */
  reset(messages: readonly ChatMessage[]): void {
    this.rows.clear();
    this.pending.clear();
    this.droppedWhilePaused = 0;
    this.list.replaceChildren();
    for (const message of messages.slice(-this.maxRows)) {
      this.pending.set(message.id, message);
    }
    this.flush(true);
    if (this.rows.size === 0) {
      this.list.append(h("li", { class: "muted queue-empty" }, "No chat yet."));
    }
  }

  /**
   * A message: a shown row is redrawn in place, a waiting one updated, a new one queued. A change to a message no longer
   * in the queue (`isNew` false: a moderator acted on it from the flagged queue or a card) does not bring it back.
   */
  upsert(message: ChatMessage, isNew = true): void {
    const shown = this.rows.get(message.id);
    if (shown) {
      this.redraw(shown.row, message);
    } else if (this.pending.has(message.id)) {
      this.pending.set(message.id, message);
    } else if (isNew) {
      this.pending.set(message.id, message);
      if (this.pending.size > this.maxRows) {
        const [oldest] = this.pending.keys();
        this.pending.delete(oldest!);
        this.droppedWhilePaused++;
      }
      this.schedule();
    }
  }

  /** Redraws the shown rows whose message passes `which` (their flags or their viewer's status changed). */
  refresh(which: (message: ChatMessage) => boolean): void {
    for (const { message, row } of [...this.rows.values()]) {
      if (which(message)) {
        this.redraw(row, message);
      }
    }
  }

  setFilter(filter: QueueFilter): void {
    this.filter = filter;
    for (const { message, row } of this.rows.values()) {
      row.hidden = !this.shows(message);
    }
    this.stickToBottom();
  }

  /** Appends what waited and follows the newest again, even while the pointer stays over the list or the bar. */
  resume(): void {
    this.overBar = false; // the bar hides under the pointer, which a browser need not report until the pointer moves
    this.flush(true);
  }

  private schedule(): void {
    if (this.frame === 0) {
      this.frame = requestAnimationFrame(() => {
        this.frame = 0;
        this.flush(false);
      });
    }
  }

  /** Appends the waiting arrivals as one batch, unless paused (then only the bar's count changes). */
  private flush(force: boolean): void {
    if (this.paused && !force) {
      this.showBar();
      return;
    }
    if (this.pending.size > 0) {
      const batch = document.createDocumentFragment();
      for (const message of this.pending.values()) {
        const row = this.renderRow(message);
        this.rows.set(message.id, { message, row });
        batch.append(row);
      }
      this.pending.clear();
      this.list.querySelector(":scope > li.queue-empty")?.remove();
      this.list.append(batch);
      this.evict();
    }
    this.droppedWhilePaused = 0;
    this.showBar();
    this.list.scrollTop = this.list.scrollHeight;
  }

  private showBar(): void {
    const waiting = this.pending.size + this.droppedWhilePaused;
    this.newBar.hidden = waiting === 0;
    this.newBar.textContent = `${waiting} new message${waiting === 1 ? "" : "s"} — show them`;
  }

  private evict(): void {
    if (this.rows.size <= this.maxRows) {
      return;
    }
    const shown = [...this.rows.values()];
    for (const index of rowsToEvict(shown.map(({ message }) => this.needsReview(message)), this.maxRows)) {
      const { message, row } = shown[index]!;
      row.remove();
      this.rows.delete(message.id);
      this.pickedTimeouts.delete(message.id);
    }
  }

  private stickToBottom(): void {
    if (!this.paused) {
      this.list.scrollTop = this.list.scrollHeight;
    }
  }

  private needsReview(message: ChatMessage): boolean {
    return message.state === "Held" || this.host.flagsOf(message.id).length > 0;
  }

  private shows(message: ChatMessage): boolean {
    return matchesFilter(this.filter, message, this.host.flagsOf(message.id).length > 0);
  }

  private redraw(old: HTMLElement, message: ChatMessage): void {
    const focused = old.contains(document.activeElement);
    const row = this.renderRow(message);
    this.rows.set(message.id, { message, row });
    old.replaceWith(row);
    if (focused) {
      row.focus();
    }
  }

  private renderRow(message: ChatMessage): HTMLElement {
    const row = renderQueueRow(message, this.host, this.pickedTimeouts);
    row.hidden = !this.shows(message);
    return row;
  }
}
