// A viewer's card in the console: who they are, whether they are timed out or banned, their recent messages in this
// rally (with the message actions) and what moderators did about them (timeouts, bans, hidden or deleted messages),
// with the actions on the viewer. Opened by clicking a name, or Enter on a focused row; Escape closes it.
import { h, replace } from "../../shared/dom.js";
import { formatClock } from "../../shared/format.js";
import { describeAudit } from "../../shared/moderation.js";
import type { AuditEntry, ChatMessage, MessageAction, ViewerHistory } from "../../shared/types.js";
import { actionLabels, type ViewerStatus } from "./chatList.js";
import { auditAbout, mergeNewestFirst } from "./history.js";
import { actionsFor, timeoutChoices } from "./rules.js";

/** How many of a viewer's latest messages the card lists. */
const messagesShown = 20;

/** What the card asks of the page. */
export interface CardHost {
  streamName(streamId: string): string;
  messagesOf(viewerId: string): ChatMessage[];
  nameOf(viewerId: string): string | null;
  audit(): readonly AuditEntry[];
  viewerStatus(viewerId: string): ViewerStatus;
  act(button: HTMLButtonElement, message: ChatMessage, action: MessageAction): void;
  timeOutViewer(button: HTMLButtonElement, viewerId: string, seconds: number): void;
  banViewer(button: HTMLButtonElement, viewerId: string): void;
  unbanViewer(button: HTMLButtonElement, viewerId: string): void;
  showOnly(viewerId: string): void;
  /** The server's history of the viewer (GetViewerHistory): messages and actions from before this console opened. */
  fetchHistory(viewerId: string): Promise<ViewerHistory>;
}

export class UserCard {
  readonly element = h("aside", { class: "panel user-card", role: "dialog", "aria-label": "Viewer", "data-testid": "user-card", hidden: true, tabIndex: -1 });
  private viewerId: string | null = null;
  /** The element that had focus when the card opened: it gets it back on close. */
  private returnFocus: HTMLElement | null = null;
  private pickedTimeout = String(timeoutChoices[0]!.seconds);
  /** What the server had about the open card's viewer when it opened; the console's own records add what came since. */
  private fetched: ViewerHistory | null = null;
  private fetchFailed = false;

  constructor(private readonly host: CardHost) {
    // On the document: a button that was busy (disabled) has dropped focus to the body, and Escape still closes.
    document.addEventListener("keydown", event => {
      if (event.key === "Escape" && this.viewerId !== null) {
        event.preventDefault();
        this.close();
      }
    });
  }

  /** The viewer whose card is open, if any. */
  get openFor(): string | null {
    return this.viewerId;
  }

  open(viewerId: string): void {
    this.returnFocus = document.activeElement instanceof HTMLElement && !this.element.contains(document.activeElement) ? document.activeElement : null;
    this.viewerId = viewerId;
    this.fetched = null;
    this.fetchFailed = false;
    this.element.hidden = false;
    this.refresh();
    this.element.focus();
    this.host.fetchHistory(viewerId).then(history => {
      if (this.viewerId === viewerId) {
        this.fetched = history;
        this.refresh();
      }
    }, (error: unknown) => {
      // The card still shows what this console saw; say that the server's part is missing.
      if (this.viewerId === viewerId) {
        this.fetchFailed = true;
        this.refresh();
      }
      console.warn("Fetching the viewer's history failed:", error);
    });
  }

  close(): void {
    this.viewerId = null;
    this.fetched = null;
    this.element.hidden = true;
    this.element.replaceChildren();
    if (this.returnFocus?.isConnected) {
      this.returnFocus.focus();
    }
    this.returnFocus = null;
  }

  /** Redraws the open card from what the page knows now (a message of theirs changed, a moderator acted). */
  refresh(): void {
    const viewerId = this.viewerId;
    if (viewerId === null) {
      return;
    }
    const fetched = this.fetched?.viewerId === viewerId ? this.fetched : null;
    const all = mergeNewestFirst(this.host.messagesOf(viewerId), fetched?.messages ?? [], m => m.id,
      (a, b) => Date.parse(b.at) - Date.parse(a.at) || b.sequence - a.sequence);
    const messages = all.slice(0, messagesShown);
    const actions = mergeNewestFirst(auditAbout(viewerId, all, this.host.audit()), fetched?.actions ?? [], a => String(a.sequence),
      (a, b) => b.sequence - a.sequence);
    const status = this.host.viewerStatus(viewerId);
    const name = this.host.nameOf(viewerId) ?? fetched?.displayName ?? viewerId;
    const duration = h("select", { "aria-label": "Time-out length", "data-testid": "card-timeout-duration" },
      timeoutChoices.map(choice => h("option", { value: choice.seconds }, choice.label)));
    duration.value = this.pickedTimeout;
    duration.addEventListener("change", () => { this.pickedTimeout = duration.value; });
    const hadFocus = this.element.contains(document.activeElement);
    replace(this.element,
      h("div", { class: "row spread nowrap" },
        h("h2", { class: "literal card-name", "data-testid": "card-name" }, name),
        h("button", { type: "button", class: "small", "aria-label": "Close", "data-testid": "card-close", onclick: () => this.close() }, "×")),
      h("p", { class: "muted card-id" }, viewerId, " · ",
        status.banned ? h("span", { class: "tag bad", "data-testid": "card-status" }, "banned")
          : status.timedOutUntil ? h("span", { class: "tag warn", "data-testid": "card-status" }, `timed out until ${formatClock(status.timedOutUntil)}`)
            : h("span", { "data-testid": "card-status" }, "can chat")),
      h("div", { class: "row card-actions" },
        status.banned
          ? h("button", { type: "button", "data-testid": "card-unban", onclick: (event: Event) => this.host.unbanViewer(event.currentTarget as HTMLButtonElement, viewerId) }, "Unban")
          : [
            duration,
            h("button", { type: "button", "data-testid": "card-timeout",
              onclick: (event: Event) => this.host.timeOutViewer(event.currentTarget as HTMLButtonElement, viewerId, Number(duration.value)) }, "Time out"),
            h("button", { type: "button", class: "danger", "data-testid": "card-ban",
              onclick: (event: Event) => this.host.banViewer(event.currentTarget as HTMLButtonElement, viewerId) }, "Ban"),
          ],
        h("button", { type: "button", "data-testid": "card-filter", onclick: () => this.host.showOnly(viewerId) }, "Only their messages")),
      h("h3", {}, `Recent messages (${all.length})`, fetched ? null : h("span", { class: "muted", "data-testid": "card-loading" },
        this.fetchFailed ? " · older ones could not be loaded (this console's own shown)" : " · loading older ones…")),
      h("ol", { class: "list card-messages", "data-testid": "card-messages" },
        messages.length === 0 ? h("li", { class: "muted" }, "None seen by this console.") : null,
        messages.map(message => h("li", { class: `card-message state-${message.state.toLowerCase()}`, "data-testid": "card-message", "data-id": message.id, "data-state": message.state },
          h("div", { class: "row nowrap" },
            h("span", { class: "muted" }, formatClock(message.at)),
            h("span", { class: "tag" }, this.host.streamName(message.streamId)),
            message.state !== "Visible" ? h("span", { class: `tag ${message.state === "Held" ? "warn" : "bad"}` }, message.state) : null,
            h("span", { class: "card-message-actions row nowrap" }, actionsFor(message.state).map(action => h("button", {
              type: "button", class: `small${action === "Delete" ? " danger" : ""}`, "data-action": action,
              onclick: (event: Event) => this.host.act(event.currentTarget as HTMLButtonElement, message, action),
            }, actionLabels[action])))),
          h("p", { class: "literal", "data-testid": "card-message-text" }, message.text)))),
      h("h3", {}, "Moderator actions"),
      h("ol", { class: "list card-history", "data-testid": "card-history" },
        actions.length === 0 ? h("li", { class: "muted" }, "None.") : null,
        actions.map(entry => h("li", { "data-testid": "card-action", "data-action": entry.action },
          h("span", { class: "muted" }, formatClock(entry.at)), " ", h("span", { class: "literal" }, describeAudit(entry))))));
    if (hadFocus) {
      this.element.focus();
    }
  }
}
