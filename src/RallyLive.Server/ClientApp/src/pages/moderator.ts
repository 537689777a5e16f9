// The moderator console, /rallies/{id}/moderate#key=...: every chat message of every stream of the rally in one
// compact queue (moderator/chatList.ts: newest at the bottom, pauses under the pointer, filters from
// moderator/filters.ts), viewers' cards (moderator/userCard.ts), the flagged queue with its reasons, chat modes, blocked
// terms, removed viewers and the audit log. Follows the moderator hub (catch-up: GetConsole). Keyboard: Tab or j/k
// moves between messages; on a message, h hides, r restores, a approves, d deletes, t times the viewer out, b bans,
// Enter opens the viewer's card.
import "../shared/base.css";
import "./moderator.css";
import { api, ApiError } from "../shared/api.js";
import { app, h, replace } from "../shared/dom.js";
import { formatClock } from "../shared/format.js";
import { forgetKey, rallyIdFromPath, takeKey } from "../shared/keys.js";
import { Live } from "../shared/live.js";
import { act, showError, showInfo } from "../shared/notices.js";
import { connectionBanner } from "../shared/status.js";
import type { ChatMessage, ChatPolicy, FlaggedMessage, MessageAction, ModerationSnapshot, ModeratorConsole, ModeratorMessages, RallySnapshot, ViewerHistory as ViewerHistoryPayload } from "../shared/types.js";
import { applyModerationChanges, describeAudit, timeSpanSeconds } from "../shared/moderation.js";
import { actionLabels, ChatList, type ViewerStatus } from "./moderator/chatList.js";
import { FilterBar } from "./moderator/filters.js";
import { ViewerHistory } from "./moderator/history.js";
import { ModeratorQuestions } from "./moderator/questions.js";
import { actionsFor, maxSlowModeSeconds, parseSlowMode, queueOrder } from "./moderator/rules.js";
import { UserCard } from "./moderator/userCard.js";

/** The most flags the flagged panel lists (the newest); the count says how many there are. */
const flaggedShown = 100;

function showState(title: string, detail: string, testId: string): void {
  replace(app(), h("section", { class: "panel console-state", role: "alert", "data-testid": testId }, h("h1", {}, title), h("p", {}, detail)));
}

class ModeratorConsolePage {
  private readonly live: Live<ModeratorMessages, ModeratorConsole>;
  private moderation: ModerationSnapshot | null = null;
  /** Flag reasons by message id, for the rows: looked up once per row drawn. */
  private flagsById = new Map<string, readonly string[]>();
  private readonly history = new ViewerHistory();
  private readonly chat: ChatList;
  private readonly filters: FilterBar;
  private readonly card: UserCard;
  private flaggedDue = false;

  private readonly flagged = h("ul", { class: "list flagged-list", "data-testid": "flagged-queue" });
  private readonly flaggedCount = h("span", { class: "tag", "data-testid": "flagged-count" }, "0");
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
    const streamName = (streamId: string) => this.streamName(streamId);
    const viewerStatus = (viewerId: string) => this.viewerStatus(viewerId);
    const actOnMessage = (button: HTMLButtonElement, message: ChatMessage, action: MessageAction) => void this.actOn(button, message, action);
    this.chat = new ChatList({
      streamName, viewerStatus, act: actOnMessage,
      flagsOf: messageId => this.flagsById.get(messageId) ?? [],
      timeOut: (button, message, seconds) => void this.timeOut(button, message.viewerId, seconds, reasonFrom(message)),
      ban: (button, message) => void this.ban(button, message.viewerId, reasonFrom(message)),
      openCard: viewerId => this.card.open(viewerId),
    });
    this.filters = new FilterBar(rally.streams, filter => this.chat.setFilter(filter));
    this.card = new UserCard({
      streamName, viewerStatus, act: actOnMessage,
      messagesOf: viewerId => this.history.messagesOf(viewerId),
      nameOf: viewerId => this.history.nameOf(viewerId),
      audit: () => this.moderation?.recentAudit ?? [],
      timeOutViewer: (button, viewerId, seconds) => void this.timeOut(button, viewerId, seconds, this.latestReason(viewerId)),
      banViewer: (button, viewerId) => void this.ban(button, viewerId, this.latestReason(viewerId)),
      unbanViewer: (button, viewerId) => void act(button, async () => {
        this.applyPolicy(await this.live.invoke<ChatPolicy>("Unban", { viewerId }));
      }, "Unban"),
      showOnly: viewerId => this.filters.showViewer(viewerId, this.history.nameOf(viewerId) ?? viewerId),
      fetchHistory: viewerId => this.live.invoke<ViewerHistoryPayload>("GetViewerHistory", { viewerId }),
    });
  }

  start(): void {
    this.live.on("QuestionsChanged", delta => this.questions.apply(delta));
    this.live.on("ChatMessage", message => this.upsert(message, true))
      .on("ChatMessageChanged", message => this.upsert(message, false))
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

  private viewerStatus(viewerId: string): ViewerStatus {
    const policy = this.moderation?.policy;
    const until = policy?.timedOutUntil[viewerId];
    return {
      banned: policy?.bannedViewers.includes(viewerId) ?? false,
      timedOutUntil: until !== undefined && Date.parse(until) > Date.now() ? until : null,
    };
  }

  private layout(): void {
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
        h("p", { class: "muted keys-help" },
          "Keys on a message: j/k move · h hide · r restore · a approve · d delete · t time out · b ban · Enter viewer card. The queue pauses under the pointer.")),
      h("div", { class: "console-layout" },
        h("section", { class: "panel queue-panel", "aria-label": "Chat queue" },
          h("div", { class: "row spread nowrap queue-head" }, h("h2", {}, "All chat"), this.filters.element),
          this.chat.list, this.chat.newBar),
        h("div", { class: "stack" },
          h("section", { class: "panel", "aria-label": "Flagged" }, h("h2", {}, "Flagged ", this.flaggedCount), this.flagged),
          this.questions.element,
          h("section", { class: "panel", "aria-label": "Chat modes" }, h("h2", {}, "Chat modes"), modesForm),
          h("section", { class: "panel", "aria-label": "Blocked terms" }, h("h2", {}, "Blocked terms"), this.terms, termForm),
          h("section", { class: "panel", "aria-label": "Removed viewers" }, h("h2", {}, "Timed out and banned"), this.removedViewers),
          h("section", { class: "panel", "aria-label": "Audit log" }, h("h2", {}, "Audit log"), this.audit))),
      this.card.element);
  }

  // --- state from the server ---------------------------------------------------------------------------------

  private applyConsole(console: ModeratorConsole): void {
    const all = console.streams.flatMap(stream => stream.recentChat).sort(queueOrder);
    for (const message of all) {
      this.history.record(message);
    }
    this.moderation = null;
    this.applyModeration(console.moderation);
    this.chat.reset(all);
  }

  private applyModeration(moderation: ModerationSnapshot): void {
    const before = this.moderation;
    this.moderation = moderation;
    const flagsBefore = this.flagsById;
    this.flagsById = new Map(moderation.flagged.map(flag => [flag.messageId, flag.reasons]));
    // Only rows whose flags changed are redrawn (the policy's rows are redrawn by applyPolicy).
    const changed = new Set<string>();
    for (const [id, reasons] of this.flagsById) {
      if (flagsBefore.get(id)?.join("\n") !== reasons.join("\n")) {
        changed.add(id);
      }
    }
    for (const id of flagsBefore.keys()) {
      if (!this.flagsById.has(id)) {
        changed.add(id);
      }
    }
    if (changed.size > 0) {
      this.chat.refresh(message => changed.has(message.id));
    }
    this.applyPolicy(moderation.policy, before?.policy);
    this.renderFlagged();
    this.renderAudit();
    this.card.refresh();
  }

  private applyPolicy(policy: ChatPolicy, before: ChatPolicy | undefined = this.moderation?.policy): void {
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
    // Rows of viewers whose ban or timeout changed are redrawn; nobody else's.
    const viewers = new Set<string>();
    const banned = new Set(before?.bannedViewers ?? []);
    for (const viewerId of policy.bannedViewers) {
      if (!banned.delete(viewerId)) {
        viewers.add(viewerId);
      }
    }
    banned.forEach(viewerId => viewers.add(viewerId));
    for (const viewerId of new Set([...Object.keys(before?.timedOutUntil ?? {}), ...Object.keys(policy.timedOutUntil)])) {
      if (before?.timedOutUntil[viewerId] !== policy.timedOutUntil[viewerId]) {
        viewers.add(viewerId);
      }
    }
    if (viewers.size > 0) {
      this.chat.refresh(message => viewers.has(message.viewerId));
      this.card.refresh();
    }
  }

  /** A viewer as their latest display name and id. */
  private viewerLabel(viewerId: string): string {
    const name = this.history.nameOf(viewerId);
    return name ? `${name} (${viewerId})` : viewerId;
  }

  private upsert(message: ChatMessage, isNew: boolean): void {
    this.history.record(message);
    this.chat.upsert(message, isNew);
    if (this.card.openFor === message.viewerId) {
      this.card.refresh();
    }
    if (this.flagsById.has(message.id) && !this.flaggedDue) {
      // Once per frame at most: in hold-for-review, most arrivals are flagged.
      this.flaggedDue = true;
      requestAnimationFrame(() => {
        this.flaggedDue = false;
        this.renderFlagged();
      });
    }
  }

  // --- rendering ---------------------------------------------------------------------------------------------

  private messageOf(messageId: string): ChatMessage | undefined {
    return this.chat.get(messageId) ?? this.history.get(messageId);
  }

  private renderFlagged(): void {
    const flagged = this.moderation?.flagged ?? [];
    this.flaggedCount.textContent = String(flagged.length);
    replace(this.flagged, flagged.length === 0 ? h("li", { class: "muted" }, "Nothing flagged.") : null,
      flagged.slice(-flaggedShown).reverse().map(flag => this.renderFlag(flag)),
      flagged.length > flaggedShown ? h("li", { class: "muted" }, `and ${flagged.length - flaggedShown} older (filter the queue on Flagged).`) : null);
  }

  private renderFlag(flag: FlaggedMessage): HTMLElement {
    const message = this.messageOf(flag.messageId);
    return h("li", { class: "stack tight", "data-testid": "flagged", "data-id": flag.messageId },
      h("div", { class: "row" }, h("span", { class: "tag" }, this.streamName(flag.streamId)),
        flag.reasons.map(reason => h("span", { class: "tag warn literal" }, reason)),
        flag.reports > 0 ? h("span", { class: "muted" }, `${flag.reports} report${flag.reports === 1 ? "" : "s"}`) : null),
      message ? h("p", { class: "literal" },
        h("button", { type: "button", class: "link literal", "data-testid": "flagged-name", onclick: () => this.card.open(message.viewerId) }, message.displayName),
        ": ", message.text) : h("p", { class: "muted" }, flag.messageId),
      message ? h("div", { class: "row" }, actionsFor(message.state).map(action => h("button", { type: "button",
        class: `small${action === "Delete" ? " danger" : ""}`, onclick: (event: Event) => void this.actOn(event.currentTarget as HTMLButtonElement, message, action) },
      actionLabels[action]))) : null);
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
      this.upsert(changed, false);
    }, `${actionLabels[action]} message`);
  }

  private async timeOut(button: HTMLButtonElement, viewerId: string, seconds: number, reason: string | null): Promise<void> {
    await act(button, async () => {
      this.applyPolicy(await this.live.invoke<ChatPolicy>("TimeOut", { viewerId, seconds, reason }));
      showInfo(`${this.history.nameOf(viewerId) ?? viewerId} is timed out.`);
    }, "Time out");
  }

  private async ban(button: HTMLButtonElement, viewerId: string, reason: string | null): Promise<void> {
    await act(button, async () => {
      this.applyPolicy(await this.live.invoke<ChatPolicy>("Ban", { viewerId, reason }));
      showInfo(`${this.history.nameOf(viewerId) ?? viewerId} is banned.`);
    }, "Ban");
  }

  /** The reason an action from a viewer's card records: their latest message, if the console saw one. */
  private latestReason(viewerId: string): string | null {
    const messages = this.history.messagesOf(viewerId);
    return messages.length > 0 ? reasonFrom(messages[messages.length - 1]!) : null;
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
