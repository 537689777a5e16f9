// The moderator console, /rallies/{id}/moderate#key=...: every chat message of every stream of the rally in one
// queue (newest at the bottom) with one-click actions, the flagged queue with its reasons, chat modes, blocked terms,
// removed viewers and the audit log. Follows the moderator hub (catch-up: GetConsole). Keyboard: Tab or j/k moves
// between messages; on a message, h hides, r restores, a approves, d deletes, t times the viewer out, b bans.
import "../shared/base.css";
import "./moderator.css";
import { api, ApiError } from "../shared/api.js";
import { app, h, replace } from "../shared/dom.js";
import { formatClock } from "../shared/format.js";
import { forgetKey, rallyIdFromPath, takeKey } from "../shared/keys.js";
import { Live } from "../shared/live.js";
import { act, showError, showInfo } from "../shared/notices.js";
import { connectionBanner } from "../shared/status.js";
import type { ChatMessage, ChatPolicy, MessageAction, ModerationSnapshot, ModeratorConsole, ModeratorMessages, RallySnapshot } from "../shared/types.js";
import { applyModerationChanges, describeAudit, timeSpanSeconds } from "../shared/moderation.js";
import { ModeratorQuestions } from "./moderator/questions.js";
import { actionsFor, maxSlowModeSeconds, parseSlowMode, queueOrder, timeoutChoices } from "./moderator/rules.js";

/** The most messages shown in the queue; older ones leave the top. */
const queueShown = 300;

const actionLabels: Record<MessageAction, string> = { Hide: "Hide", Restore: "Restore", Delete: "Delete", Approve: "Approve" };
const actionKeys: Record<string, MessageAction> = { h: "Hide", r: "Restore", d: "Delete", a: "Approve" };

function showState(title: string, detail: string, testId: string): void {
  replace(app(), h("section", { class: "panel console-state", role: "alert", "data-testid": testId }, h("h1", {}, title), h("p", {}, detail)));
}

class ModeratorConsolePage {
  private readonly live: Live<ModeratorMessages, ModeratorConsole>;
  private readonly messages = new Map<string, ChatMessage>();
  private readonly rows = new Map<string, HTMLElement>();
  private moderation: ModerationSnapshot | null = null;
  /** What the rows show of the moderation state (flags, bans, timeouts): the queue is redrawn only when it changes. */
  private rowsDrawnFor = "";
  /** The time-out length picked on each message, kept across redraws. */
  private readonly pickedTimeouts = new Map<string, string>();

  private readonly queue = h("ol", { class: "list queue", "data-testid": "queue", "aria-label": "All chat, newest at the bottom" });
  private readonly flagged = h("ul", { class: "list", "data-testid": "flagged-queue" });
  private readonly slowMode = h("input", { type: "number", min: 0, max: maxSlowModeSeconds, step: 1, id: "slow-mode", "data-testid": "slow-mode" });
  private readonly holdForReview = h("input", { type: "checkbox", id: "hold-for-review", role: "switch", "data-testid": "hold-for-review" });
  private readonly shieldMode = h("input", { type: "checkbox", id: "shield-mode", role: "switch", "data-testid": "shield-mode" });
  private readonly modesState = h("p", { class: "muted live-value", "data-testid": "modes-state" });
  private readonly terms = h("ul", { class: "list terms", "data-testid": "blocked-terms" });
  private readonly termInput = h("input", { type: "text", maxLength: 100, placeholder: "A word or phrase", "aria-label": "Term to block", "data-testid": "term-input" });
  private readonly removedViewers = h("ul", { class: "list", "data-testid": "removed-viewers" });
  private readonly audit = h("ol", { class: "list audit", "data-testid": "audit-log" });
  private readonly questions = new ModeratorQuestions((method, ...args) => this.live.invoke(method, ...args), streamId => this.streamName(streamId));

  constructor(private readonly rally: RallySnapshot, key: string) {
    this.live = new Live<ModeratorMessages, ModeratorConsole>({
      url: "/hubs/moderator",
      key: () => key,
      catchUpMethod: "GetConsole",
      onCatchUp: console => {
        this.applyConsole(console);
        this.questions.reset(console.questions);
      },
    });
  }

  start(): void {
    this.live.on("QuestionsChanged", delta => this.questions.apply(delta));
    this.live.on("ChatMessage", message => this.upsert(message))
      .on("ChatMessageChanged", message => this.upsert(message))
      .on("ModerationChanged", changes => {
        if (this.moderation) {
          this.applyModeration(applyModerationChanges(this.moderation, changes));
        }
      });
    this.live.onState(state => {
      if (state === "offline" && this.live.lastError && ["Unauthenticated", "Forbidden"].includes(this.live.lastError.code)) {
        forgetKey(this.rally.rallyId, "moderator");
      }
    });
    this.layout();
    void this.live.start();
  }

  private streamName(streamId: string): string {
    return this.rally.streams.find(stream => stream.id === streamId)?.name ?? streamId;
  }

  private layout(): void {
    this.queue.addEventListener("keydown", event => this.onQueueKey(event));
    const modesForm = h("form", { class: "stack", noValidate: true, onsubmit: (event: Event) => { event.preventDefault(); void this.setModes(); } },
      h("label", { for: "slow-mode" }, `Slow mode: seconds between a viewer's messages (0 = off, at most ${maxSlowModeSeconds})`),
      h("div", { class: "row nowrap" }, this.slowMode, h("button", { type: "submit", class: "primary", "data-testid": "slow-mode-set" }, "Set")),
      h("label", { class: "toggle" }, this.holdForReview, " Hold every message for review"),
      h("label", { class: "toggle" }, this.shieldMode, " Shield mode (messages of viewers who join from now on are held)"),
      this.modesState);
    this.holdForReview.addEventListener("change", () => void this.setModes());
    this.shieldMode.addEventListener("change", () => void this.setModes());
    const termForm = h("form", { class: "row nowrap", onsubmit: (event: Event) => {
      event.preventDefault();
      const term = this.termInput.value.trim();
      if (term) {
        void act((event as SubmitEvent).submitter as HTMLButtonElement | null, async () => {
          this.applyPolicy(await this.live.invoke<ChatPolicy>("AddBlockedTerm", { term }));
          this.termInput.value = "";
        }, "Block term");
      }
    } }, this.termInput, h("button", { type: "submit", "data-testid": "term-add" }, "Block"));
    replace(app(),
      connectionBanner(this.live),
      h("header", { class: "page-header console-header" },
        h("div", {}, h("h1", { "data-testid": "rally-title" }, this.rally.title), h("p", { class: "muted" }, "Moderation console — every stream's chat")),
        h("p", { class: "muted keys-help" }, "Keys on a message: h hide · r restore · a approve · d delete · t time out · b ban · j/k move")),
      h("div", { class: "console-layout" },
        h("section", { class: "panel queue-panel", "aria-label": "Chat queue" }, h("h2", {}, "All chat"), this.queue),
        h("div", { class: "stack" },
          h("section", { class: "panel", "aria-label": "Flagged" }, h("h2", {}, "Flagged"), this.flagged),
          this.questions.element,
          h("section", { class: "panel", "aria-label": "Chat modes" }, h("h2", {}, "Chat modes"), modesForm),
          h("section", { class: "panel", "aria-label": "Blocked terms" }, h("h2", {}, "Blocked terms"), this.terms, termForm),
          h("section", { class: "panel", "aria-label": "Removed viewers" }, h("h2", {}, "Timed out and banned"), this.removedViewers),
          h("section", { class: "panel", "aria-label": "Audit log" }, h("h2", {}, "Audit log"), this.audit))));
  }

  // --- state from the server ---------------------------------------------------------------------------------

  private applyConsole(console: ModeratorConsole): void {
    this.messages.clear();
    this.rows.clear();
    this.queue.replaceChildren();
    const all = console.streams.flatMap(stream => stream.recentChat).sort(queueOrder);
    for (const message of all.slice(-queueShown)) {
      this.messages.set(message.id, message);
    }
    this.rowsDrawnFor = "";
    this.applyModeration(console.moderation);   // renders the rows with their flags
  }

  private applyModeration(moderation: ModerationSnapshot): void {
    this.moderation = moderation;
    this.applyPolicy(moderation.policy);
    this.renderFlagged();
    this.renderAudit();
  }

  private applyPolicy(policy: ChatPolicy): void {
    if (this.moderation) {
      this.moderation = { ...this.moderation, policy };
    }
    const slow = timeSpanSeconds(policy.slowModeInterval);
    if (document.activeElement !== this.slowMode) {
      this.slowMode.value = String(slow);
    }
    this.holdForReview.checked = policy.holdForReview;
    this.shieldMode.checked = policy.shieldModeSince !== null;
    this.modesState.textContent = [
      slow > 0 ? `Slow mode: one message every ${slow} s` : "Slow mode off",
      policy.holdForReview ? "holding every message" : null,
      policy.shieldModeSince ? `shield on since ${formatClock(policy.shieldModeSince)}` : null,
    ].filter(Boolean).join(" · ");
    replace(this.terms, policy.blockedTerms.length === 0 ? h("li", { class: "muted" }, "No blocked terms.") : null,
      policy.blockedTerms.map(term => h("li", { class: "row spread", "data-testid": "blocked-term" }, h("span", { class: "literal" }, term),
        h("button", { type: "button", "aria-label": `Unblock ${term}`, onclick: (event: Event) => void act(event.currentTarget as HTMLButtonElement, async () => {
          this.applyPolicy(await this.live.invoke<ChatPolicy>("RemoveBlockedTerm", { term }));
        }, "Unblock term") }, "Remove"))));
    const now = Date.now();
    const timedOut = Object.entries(policy.timedOutUntil).filter(([, until]) => Date.parse(until) > now);
    replace(this.removedViewers, policy.bannedViewers.length + timedOut.length === 0 ? h("li", { class: "muted" }, "Nobody.") : null,
      policy.bannedViewers.map(viewerId => h("li", { class: "row spread", "data-testid": "banned-viewer" },
        h("span", {}, h("span", { class: "tag bad" }, "banned"), " ", this.viewerLabel(viewerId)),
        h("button", { type: "button", onclick: (event: Event) => void act(event.currentTarget as HTMLButtonElement, async () => {
          this.applyPolicy(await this.live.invoke<ChatPolicy>("Unban", { viewerId }));
        }, "Unban") }, "Unban"))),
      timedOut.map(([viewerId, until]) => h("li", { "data-testid": "timed-out-viewer" },
        h("span", { class: "tag warn" }, `until ${formatClock(until)}`), " ", this.viewerLabel(viewerId))));
    this.renderQueueIfChanged();
  }

  /** Redraws the queue when the flags, bans or timeouts its rows show have changed (not on every refresh). */
  private renderQueueIfChanged(): void {
    const moderation = this.moderation;
    const drawnFor = JSON.stringify([
      moderation?.flagged.map(flag => [flag.messageId, flag.reasons]) ?? [],
      moderation?.policy.bannedViewers ?? [],
      moderation?.policy.timedOutUntil ?? {},
    ]);
    if (drawnFor !== this.rowsDrawnFor) {
      this.rowsDrawnFor = drawnFor;
      this.renderQueue();
    }
  }

  /** A viewer as their latest display name and id. */
  private viewerLabel(viewerId: string): string {
    let name: string | null = null;
    for (const message of this.messages.values()) {
      if (message.viewerId === viewerId) {
        name = message.displayName;
      }
    }
    return name ? `${name} (${viewerId})` : viewerId;
  }

  private upsert(message: ChatMessage): void {
    this.messages.set(message.id, message);
    const existing = this.rows.get(message.id);
    if (existing) {
      existing.replaceWith(this.renderRow(message, existing === document.activeElement));
    } else {
      const nearBottom = this.queue.scrollHeight - this.queue.scrollTop - this.queue.clientHeight < 80;
      this.queue.append(this.renderRow(message, false));
      this.trimQueue();
      if (nearBottom) {
        this.queue.scrollTop = this.queue.scrollHeight;
      }
    }
  }

  // --- rendering ---------------------------------------------------------------------------------------------

  private flagsOf(messageId: string): string[] {
    return this.moderation?.flagged.find(flag => flag.messageId === messageId)?.reasons ?? [];
  }

  private renderQueue(): void {
    const focusedId = document.activeElement?.closest<HTMLElement>("li.queue-item")?.dataset.id;
    const sorted = [...this.messages.values()].sort(queueOrder).slice(-queueShown);
    this.rows.clear();
    const nearBottom = this.queue.scrollHeight - this.queue.scrollTop - this.queue.clientHeight < 80;
    replace(this.queue, sorted.length === 0 ? h("li", { class: "muted" }, "No chat yet.") : null,
      sorted.map(message => this.renderRow(message, message.id === focusedId)));
    if (nearBottom) {
      this.queue.scrollTop = this.queue.scrollHeight;
    }
  }

  private trimQueue(): void {
    this.queue.querySelector(":scope > li.muted")?.remove();
    while (this.rows.size > queueShown) {
      const [oldest] = this.rows.keys();
      this.rows.get(oldest!)?.remove();
      this.rows.delete(oldest!);
      this.messages.delete(oldest!);
      this.pickedTimeouts.delete(oldest!);
    }
  }

  private renderRow(message: ChatMessage, focus: boolean): HTMLElement {
    const flags = this.flagsOf(message.id);
    const policy = this.moderation?.policy;
    const banned = policy?.bannedViewers.includes(message.viewerId) ?? false;
    const timedOutUntil = policy?.timedOutUntil[message.viewerId];
    const timedOut = timedOutUntil !== undefined && Date.parse(timedOutUntil) > Date.now();
    const duration = h("select", { "aria-label": "Time-out length", "data-testid": "timeout-duration" },
      timeoutChoices.map(choice => h("option", { value: choice.seconds }, choice.label)));
    duration.value = this.pickedTimeouts.get(message.id) ?? String(timeoutChoices[0]!.seconds);
    duration.addEventListener("change", () => this.pickedTimeouts.set(message.id, duration.value));
    const row = h("li", { class: `queue-item state-${message.state.toLowerCase()}${flags.length ? " flagged" : ""}`, tabIndex: 0,
      "data-id": message.id, "data-state": message.state, "data-testid": "queue-message" },
    h("div", { class: "row queue-meta" },
      h("span", { class: "muted" }, formatClock(message.at)),
      h("span", { class: "tag", "data-testid": "queue-stream" }, this.streamName(message.streamId)),
      h("strong", { class: "literal", "data-testid": "queue-name" }, message.displayName),
      h("span", { class: "muted viewer-id" }, message.viewerId),
      message.state !== "Visible" ? h("span", { class: `tag ${message.state === "Held" ? "warn" : "bad"}`, "data-testid": "queue-state" },
        message.reason ? `${message.state}: ${message.reason}` : message.state) : null,
      flags.length ? h("span", { class: "tag warn", "data-testid": "queue-flags" }, `flagged: ${flags.join(", ")}`) : null,
      banned ? h("span", { class: "tag bad" }, "viewer banned") : timedOut ? h("span", { class: "tag warn" }, `timed out until ${formatClock(timedOutUntil!)}`) : null),
    h("p", { class: "literal queue-text", "data-testid": "queue-text" }, message.text),
    h("div", { class: "row queue-actions" },
      actionsFor(message.state).map(action => h("button", { type: "button", class: action === "Delete" ? "danger" : action === "Approve" || action === "Restore" ? "primary" : "",
        "data-action": action, "data-testid": `action-${action.toLowerCase()}`, onclick: (event: Event) => void this.actOn(event.currentTarget as HTMLButtonElement, message, action) },
      actionLabels[action])),
      banned ? null : [
        h("span", { class: "row nowrap timeout" }, duration,
          h("button", { type: "button", "data-action": "TimeOut", "data-testid": "action-timeout",
            onclick: (event: Event) => void this.timeOut(event.currentTarget as HTMLButtonElement, message, Number(duration.value)) }, "Time out")),
        h("button", { type: "button", class: "danger", "data-action": "Ban", "data-testid": "action-ban",
          onclick: (event: Event) => void this.ban(event.currentTarget as HTMLButtonElement, message) }, "Ban"),
      ]));
    this.rows.set(message.id, row);
    if (focus) {
      queueMicrotask(() => row.focus());
    }
    return row;
  }

  private renderFlagged(): void {
    const flagged = this.moderation?.flagged ?? [];
    replace(this.flagged, flagged.length === 0 ? h("li", { class: "muted" }, "Nothing flagged.") : null,
      flagged.map(flag => {
        const message = this.messages.get(flag.messageId);
        return h("li", { class: "stack tight", "data-testid": "flagged", "data-id": flag.messageId },
          h("div", { class: "row" }, h("span", { class: "tag" }, this.streamName(flag.streamId)),
            flag.reasons.map(reason => h("span", { class: "tag warn" }, reason)),
            flag.reports > 0 ? h("span", { class: "muted" }, `${flag.reports} report${flag.reports === 1 ? "" : "s"}`) : null),
          message ? h("p", { class: "literal" }, h("strong", {}, message.displayName), ": ", message.text) : h("p", { class: "muted" }, flag.messageId),
          message ? h("div", { class: "row" }, actionsFor(message.state).map(action => h("button", { type: "button",
            class: action === "Delete" ? "danger" : "", onclick: (event: Event) => void this.actOn(event.currentTarget as HTMLButtonElement, message, action) },
          actionLabels[action]))) : null);
      }));
  }

  private renderAudit(): void {
    const entries = [...(this.moderation?.recentAudit ?? [])].sort((a, b) => b.sequence - a.sequence);
    replace(this.audit, entries.length === 0 ? h("li", { class: "muted" }, "No actions yet.") : null,
      entries.map(entry => h("li", { "data-testid": "audit-entry", "data-action": entry.action },
        h("span", { class: "muted" }, formatClock(entry.at)), " ", h("span", { class: "literal" }, describeAudit(entry)))));
  }

  // --- actions -----------------------------------------------------------------------------------------------

  private async actOn(button: HTMLButtonElement, message: ChatMessage, action: MessageAction): Promise<void> {
    await act(button, async () => {
      const changed = await this.live.invoke<ChatMessage>("ActOnMessage", { streamId: message.streamId, messageId: message.id, action });
      this.upsert(changed);
    }, `${actionLabels[action]} message`);
  }

  private async timeOut(button: HTMLButtonElement, message: ChatMessage, seconds: number): Promise<void> {
    await act(button, async () => {
      this.applyPolicy(await this.live.invoke<ChatPolicy>("TimeOut", { viewerId: message.viewerId, seconds, reason: reasonFrom(message) }));
      showInfo(`${message.displayName} is timed out.`);
    }, "Time out");
  }

  private async ban(button: HTMLButtonElement, message: ChatMessage): Promise<void> {
    await act(button, async () => {
      this.applyPolicy(await this.live.invoke<ChatPolicy>("Ban", { viewerId: message.viewerId, reason: reasonFrom(message) }));
      showInfo(`${message.displayName} is banned.`);
    }, "Ban");
  }

  private async setModes(): Promise<void> {
    const slow = parseSlowMode(this.slowMode.value);
    if ("error" in slow) {
      showError(new ApiError("InvalidRequest", slow.error, 0), "Chat modes");
      return;
    }
    try {
      this.applyPolicy(await this.live.invoke<ChatPolicy>("SetChatModes", {
        slowModeSeconds: slow.seconds, holdForReview: this.holdForReview.checked, shieldMode: this.shieldMode.checked,
      }));
    } catch (error) {
      showError(error, "Chat modes");
      if (this.moderation) {
        this.applyPolicy(this.moderation.policy);   // put the toggles back as they are on the server
      }
    }
  }

  private onQueueKey(event: KeyboardEvent): void {
    const row = event.target as HTMLElement;
    if (!row.matches("li.queue-item") || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    const key = event.key.toLowerCase();
    const move = key === "j" || key === "arrowdown" ? row.nextElementSibling : key === "k" || key === "arrowup" ? row.previousElementSibling : null;
    if (move instanceof HTMLElement) {
      event.preventDefault();
      move.focus();
      return;
    }
    const selector = actionKeys[key] ? `[data-action="${actionKeys[key]}"]` : key === "t" ? `[data-action="TimeOut"]` : key === "b" ? `[data-action="Ban"]` : null;
    const button = selector ? row.querySelector<HTMLButtonElement>(selector) : null;
    if (button && !button.disabled) {
      event.preventDefault();
      button.click();
    }
  }
}

async function start(): Promise<void> {
  const rallyId = rallyIdFromPath(location.pathname);
  if (!rallyId) {
    showState("Not a rally's console", "This address does not name a rally.", "not-found");
    return;
  }
  const key = takeKey(rallyId, "moderator");
  if (!key) {
    showState("A moderator key is needed", "Open this console from the link the organiser gave you (it carries your key).", "no-key");
    return;
  }
  let rally: RallySnapshot;
  try {
    rally = await api<RallySnapshot>(`/api/rallies/${rallyId}`, { key });
  } catch (error) {
    if (error instanceof ApiError && (error.status === 401 || error.status === 403)) {
      forgetKey(rallyId, "moderator");
      showState("This key is not accepted", "The key is expired, revoked or for another rally. Ask the organiser for a new link.", "key-refused");
    } else if (error instanceof ApiError && error.status === 404) {
      showState("No such rally", "This rally does not exist.", "not-found");
    } else {
      showError(error, "Opening the console");
    }
    return;
  }
  document.title = `Moderate: ${rally.title} — RallyLive`;
  new ModeratorConsolePage(rally, key).start();
}

void start();

/** The reason a timeout or ban from a message records: what the viewer said, as people read it (never the message id). */
function reasonFrom(message: ChatMessage): string {
  const text = message.text.length > 100 ? `${message.text.slice(0, 99)}…` : message.text;
  return `said “${text}”`;
}
