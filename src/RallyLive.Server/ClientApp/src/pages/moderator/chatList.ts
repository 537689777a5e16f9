// The console's queue: every stream's chat, one compact line per message, newest at the bottom. Built for a hundred
// messages a second: arrivals are appended once per animation frame as one batch, a change replaces only its row, and
// at most `maxRows` rows stay in the page (flagged and held ones outlast the rest). While the pointer is over the
// list or a row has focus, the queue holds still: arrivals wait and a "N new messages" bar counts them; leaving the
// list, or clicking the bar, appends them. Actions show on a row under the pointer or with focus; keys act on the
// focused row (see `queueKeys`).
import { h } from "../../shared/dom.js";
import { formatClock } from "../../shared/format.js";
import type { ChatMessage, MessageAction } from "../../shared/types.js";
import { everything, matchesFilter, type QueueFilter } from "./filters.js";
import { actionsFor, timeoutChoices } from "./rules.js";

export const actionLabels: Record<MessageAction, string> = { Hide: "Hide", Restore: "Restore", Delete: "Delete", Approve: "Approve" };

/** Keys on a focused row: each presses the row's button with this data-action. */
const queueKeys: Record<string, string> = { h: "Hide", r: "Restore", a: "Approve", d: "Delete", t: "TimeOut", b: "Ban" };

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
  private hovering = false;
  private focusInside = false;
  private filter: QueueFilter = everything;
  /** The time-out length picked on each row, kept when the row is redrawn. */
  private readonly pickedTimeouts = new Map<string, string>();

  constructor(private readonly host: QueueHost, private readonly maxRows = 500) {
    this.list.addEventListener("pointerenter", () => this.setHovering(true));
    this.list.addEventListener("pointerleave", () => this.setHovering(false));
    this.list.addEventListener("focusin", () => { this.focusInside = true; });
    // Checked after the event: a row redrawn under focus gets it back at once, which is no reason to resume.
    this.list.addEventListener("focusout", () => queueMicrotask(() => {
      this.focusInside = this.list.contains(document.activeElement);
      this.schedule();
    }));
    this.list.addEventListener("keydown", event => this.onKey(event));
  }

  /** Whether the queue holds still: the pointer is over it or one of its rows has focus. */
  get paused(): boolean {
    return this.hovering || this.focusInside;
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

  /** A new message, or a change to one: a shown row is redrawn in place, a waiting one updated, a new one queued. */
  upsert(message: ChatMessage): void {
    const shown = this.rows.get(message.id);
    if (shown) {
      this.redraw(shown.row, message);
    } else if (this.pending.has(message.id)) {
      this.pending.set(message.id, message);
    } else {
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

  /** Appends what waited and follows the newest again (the bar is outside the list: clicking it has left it). */
  resume(): void {
    this.flush(true);
  }

  private setHovering(hovering: boolean): void {
    this.hovering = hovering;
    this.schedule();
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
    const flags = this.host.flagsOf(message.id);
    const status = this.host.viewerStatus(message.viewerId);
    const duration = h("select", { "aria-label": "Time-out length", "data-testid": "timeout-duration" },
      timeoutChoices.map(choice => h("option", { value: choice.seconds }, choice.label)));
    duration.value = this.pickedTimeouts.get(message.id) ?? String(timeoutChoices[0]!.seconds);
    duration.addEventListener("change", () => this.pickedTimeouts.set(message.id, duration.value));
    const row = h("li", {
      class: `queue-item state-${message.state.toLowerCase()}${flags.length ? " flagged" : ""}`, tabIndex: 0,
      "data-id": message.id, "data-viewer": message.viewerId, "data-state": message.state, "data-testid": "queue-message",
    },
    h("time", { class: "muted queue-time" }, formatClock(message.at)),
    h("span", { class: "tag queue-stream", "data-testid": "queue-stream" }, this.host.streamName(message.streamId)),
    h("button", { type: "button", class: "link queue-name literal", "data-testid": "queue-name", title: `${message.displayName} (${message.viewerId}): open their card`,
      onclick: () => this.host.openCard(message.viewerId) }, message.displayName),
    h("span", { class: "literal queue-text", "data-testid": "queue-text", title: message.text }, message.text),
    h("span", { class: "queue-tags" },
      message.state !== "Visible" ? h("span", { class: `tag ${message.state === "Held" ? "warn" : "bad"}`, "data-testid": "queue-state" },
        message.reason ? `${message.state}: ${message.reason}` : message.state) : null,
      flags.length ? h("span", { class: "tag warn", "data-testid": "queue-flags", title: flags.join(", ") }, `⚑ ${flags.join(", ")}`) : null,
      status.banned ? h("span", { class: "tag bad" }, "banned")
        : status.timedOutUntil ? h("span", { class: "tag warn" }, `timed out until ${formatClock(status.timedOutUntil)}`) : null),
    h("span", { class: "queue-actions" },
      actionsFor(message.state).map(action => h("button", {
        type: "button", class: action === "Delete" ? "danger" : action === "Approve" || action === "Restore" ? "primary" : "",
        "data-action": action, "data-testid": `action-${action.toLowerCase()}`,
        onclick: (event: Event) => this.host.act(event.currentTarget as HTMLButtonElement, message, action),
      }, actionLabels[action])),
      status.banned ? null : [
        duration,
        h("button", { type: "button", "data-action": "TimeOut", "data-testid": "action-timeout",
          onclick: (event: Event) => this.host.timeOut(event.currentTarget as HTMLButtonElement, message, Number(duration.value)) }, "Time out"),
        h("button", { type: "button", class: "danger", "data-action": "Ban", "data-testid": "action-ban",
          onclick: (event: Event) => this.host.ban(event.currentTarget as HTMLButtonElement, message) }, "Ban"),
      ]));
    row.hidden = !this.shows(message);
    return row;
  }

  private onKey(event: KeyboardEvent): void {
    const row = event.target as HTMLElement;
    if (!row.matches("li.queue-item") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    const forward = key === "j" || key === "ArrowDown";
    if (forward || key === "k" || key === "ArrowUp") {
      event.preventDefault();
      let next = forward ? row.nextElementSibling : row.previousElementSibling;
      while (next instanceof HTMLElement && next.hidden) {
        next = forward ? next.nextElementSibling : next.previousElementSibling;
      }
      if (next instanceof HTMLElement) {
        next.focus();
        next.scrollIntoView({ block: "nearest" });
      }
      return;
    }
    if (key === "Enter") {
      event.preventDefault();
      const viewerId = row.dataset.viewer;
      if (viewerId) {
        this.host.openCard(viewerId);
      }
      return;
    }
    const action = queueKeys[key];
    const button = action ? row.querySelector<HTMLButtonElement>(`[data-action="${action}"]`) : null;
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  }
}
