// The viewer page, /rallies/{id}/streams/{streamId}: asks for a display name once per browser, joins through the API
// (keeping the viewer token in the browser, so a reload or another tab is the same viewer with its votes), then follows
// the viewer hub: the stream's embed, who is on stage, pinned items, reactions (taps batched, bursts drawn from the
// server's frames), chat, polls and questions. Everything shown comes from the server; untrusted text is only ever text.
import "../shared/base.css";
import "./viewer.css";
import { api, ApiError, describeError } from "../shared/api.js";
import { app, h, replace } from "../shared/dom.js";
import { formatClock, formatCount, formatPercent, humanize } from "../shared/format.js";
import { rallyIdFromPath } from "../shared/keys.js";
import { Live } from "../shared/live.js";
import { act, showError, showInfo } from "../shared/notices.js";
import { connectionBanner } from "../shared/status.js";
import type { ChatMessage, PinnedItem, PollSnapshot, PublicRally, StreamFrame, StreamJoined, ViewerCatchUp, ViewerMessages } from "../shared/types.js";
import { charactersLeft, chatRefusal, maxChatLength, maxDisplayNameLength } from "./viewer/chat.js";
import { forgetIdentity, loadIdentity, loadVotes, saveIdentity, saveVote, type ViewerIdentity } from "./viewer/memory.js";
import { burstSize, reactionSymbol } from "./viewer/reactions.js";
import { ViewerQuestions } from "./viewer/questions.js";
import { TapSender } from "./viewer/taps.js";

/** The most chat messages kept on the page; older ones scroll away. */
const chatShown = 200;

const streamIdFromPath = (path: string): string | null =>
  /^\/rallies\/[a-z0-9-]{1,40}\/streams\/([a-z0-9-]{1,40})\/?$/.exec(path)?.[1] ?? null;

const rallyId = rallyIdFromPath(location.pathname);
const streamId = streamIdFromPath(location.pathname);

/** A full-page message instead of the stream: not found, removed, bad address. */
function showState(title: string, detail: string, testId: string, ...extra: HTMLElement[]): void {
  replace(app(), h("section", { class: "panel viewer-state", "data-testid": testId, role: "alert" },
    h("h1", {}, title), h("p", {}, detail), ...extra));
}

function showRemoved(): void {
  showState("You were removed from this rally", "A moderator removed you from this rally's chat and stream. This page will not reconnect.", "removed");
}

/** Asks for the display name (once per browser), then joins. */
function askForName(rallyId: string, streamId: string, problem?: string): void {
  const input = h("input", { id: "display-name", type: "text", autocomplete: "nickname", required: true, maxLength: maxDisplayNameLength,
    placeholder: "Your name in the chat", "data-testid": "display-name" });
  const error = h("p", { class: "form-error", role: "alert", "data-testid": "join-error" }, problem ?? "");
  const button = h("button", { type: "submit", class: "primary big", "data-testid": "join" }, "Join the rally");
  const form = h("form", { class: "panel stack join-form", onsubmit: (event: Event) => {
    event.preventDefault();
    const name = input.value.trim();
    if (!name) {
      error.textContent = "Type a name first.";
      return;
    }
    void act(button, () => join(rallyId, streamId, name, null));
  } },
  h("h1", {}, "Join the rally"),
  h("label", { for: "display-name" }, "Your display name (shown next to your chat messages)"),
  input, error, button);
  replace(app(), form);
  input.focus();
}

/** Joins through the API (keeping the viewer id when this browser already has a token) and starts the page. */
async function join(rallyId: string, streamId: string, displayName: string, known: ViewerIdentity | null): Promise<void> {
  let joined: StreamJoined;
  try {
    joined = await api<StreamJoined>(`/api/rallies/${rallyId}/streams/${streamId}/viewers`, {
      method: "POST", body: { displayName }, key: known?.viewerToken ?? null,
    });
  } catch (error) {
    if (!(error instanceof ApiError)) {
      throw error;
    }
    if (error.code === "ViewerBanned") {
      showRemoved();
    } else if (error.code === "Unauthenticated" && known) {
      forgetIdentity(localStorage, rallyId);   // the token was refused: join afresh
      await join(rallyId, streamId, displayName, null);
    } else if (error.code === "RallyNotFound" || error.code === "StreamNotFound" || error.status === 404) {
      showState("No such stream", "This rally or stream does not exist. Check the link you were given.", "not-found");
    } else if (error.code === "NetworkError") {
      showState("Cannot reach the server", "Check your connection.", "unreachable",
        h("button", { type: "button", class: "primary big", onclick: () => void join(rallyId, streamId, displayName, known) }, "Try again"));
    } else {
      askForName(rallyId, streamId, describeError(error));
    }
    return;
  }
  const identity = { displayName: joined.stream.displayName, viewerId: joined.viewerId, viewerToken: joined.viewerToken };
  saveIdentity(localStorage, rallyId, identity);
  new ViewerPage(rallyId, streamId, identity).start();
}

/** The page once joined: its elements and the live connection that fills them. */
class ViewerPage {
  private readonly live: Live<ViewerMessages, ViewerCatchUp>;
  private readonly polls = new Map<string, PollSnapshot>();
  private readonly pendingChoice = new Map<string, number>();
  private readonly votes: Record<string, number>;
  private readonly taps: TapSender;
  private readonly questions: ViewerQuestions;
  private totals: Record<string, number> = {};
  private palette: string[] = [];
  private removed = false;

  private readonly title = h("h1", { class: "rally-title live-value", "data-testid": "rally-title" });
  private readonly status = h("span", { class: "tag", "data-testid": "rally-status" });
  private readonly viewers = h("span", { class: "live-value", "data-testid": "viewers" });
  private readonly embed = h("div", { class: "embed", "data-testid": "embed" });
  private readonly bursts = h("div", { class: "bursts", "aria-hidden": "true" });
  private readonly speaker = h("div", { class: "figure-value speaker live-value", "data-testid": "speaker" });
  private readonly segment = h("div", { class: "muted live-value", "data-testid": "segment" });
  private readonly pinned = h("ul", { class: "list pinned", "data-testid": "pinned" });
  private readonly reactionButtons = h("div", { class: "reaction-buttons", "data-testid": "reactions" });
  private readonly reactionNote = h("p", { class: "muted reaction-note", role: "status" });
  private readonly pollList = h("div", { class: "stack", "data-testid": "polls" });
  private readonly chatList = h("ol", { class: "list chat", "data-testid": "chat", "aria-live": "polite" });
  private readonly chatInput = h("input", { type: "text", class: "chat-input", placeholder: "Say something…", "aria-label": "Chat message",
    autocomplete: "off", "data-testid": "chat-input" });
  private readonly chatCounter = h("span", { class: "muted chat-counter", "data-testid": "chat-counter" });
  private readonly chatSend = h("button", { type: "submit", class: "primary big", "data-testid": "chat-send" }, "Send");
  private readonly chatRefusalLine = h("p", { class: "form-error", role: "alert", "data-testid": "chat-refusal" });
  private readonly arrivals = h("div", { class: "arrivals" });
  /** Pins and open polls already seen (from the catch-up or announced), so each is announced once. */
  private readonly seenPins = new Set<string>();
  private readonly seenOpenPolls = new Set<string>();
  private caughtUp = false;

  constructor(private readonly rallyId: string, private readonly streamId: string, private readonly me: ViewerIdentity) {
    this.votes = loadVotes(localStorage, rallyId, me.viewerId);
    this.live = new Live<ViewerMessages, ViewerCatchUp>({
      url: "/hubs/viewer",
      key: () => me.viewerToken,
      catchUpMethod: "JoinStream",
      catchUpRequest: () => ({ streamId, displayName: me.displayName }),
      onCatchUp: snapshot => this.applyCatchUp(snapshot),
    });
    this.taps = new TapSender(counts => this.sendReactions(counts));
    this.questions = new ViewerQuestions((method, ...args) => this.live.invoke(method, ...args), rallyId, streamId, me.viewerId);
  }

  start(): void {
    const live = this.live;
    live.on("ReactionBurst", frame => this.applyFrame(frame))
      .on("ChatMessage", message => message.streamId === this.streamId && message.state === "Visible" && this.addChat(message))
      .on("ChatMessageRemoved", id => this.removeChat(id))
      .on("RallyUpdated", rally => this.applyRally(rally))
      .on("PollUpdated", poll => this.applyPoll(poll))
      .on("QuestionsChanged", delta => this.questions.apply(delta));
    live.onState(state => {
      for (const button of this.reactionButtons.querySelectorAll("button")) {
        button.disabled = state !== "live";
      }
      if (state === "reconnecting" || state === "offline") {
        void this.checkStillWelcome();
      }
    });
    this.layout();
    void live.start();
  }

  private layout(): void {
    this.chatInput.addEventListener("input", () => this.updateCounter());
    this.updateCounter();
    const chatForm = h("form", { class: "chat-form", onsubmit: (event: Event) => { event.preventDefault(); void this.sendChat(); } },
      this.chatInput, this.chatSend);
    replace(app(),
      connectionBanner(this.live),
      h("header", { class: "page-header viewer-header" },
        h("div", { class: "stack" }, this.title, h("div", { class: "row muted viewer-meta" }, this.status,
          h("span", {}, this.viewers, " watching"),
          h("span", { class: "viewer-me" }, "You are ", h("strong", { "data-testid": "me" }, this.me.displayName))))),
      this.arrivals,
      h("div", { class: "viewer-layout" },
        h("div", { class: "stack viewer-main" },
          h("section", { class: "embed-frame area-embed" }, this.embed, this.bursts),
          h("section", { class: "panel now area-now", "aria-label": "On stage" },
            h("div", { class: "figure-label" }, "On stage"), h("div", { class: "now-line" }, this.speaker, this.segment)),
          h("section", { class: "panel area-react", "aria-label": "Reactions" },
            h("h2", {}, "React"), this.reactionButtons, this.reactionNote),
          h("section", { class: "panel area-pinned", "aria-label": "Pinned", "data-testid": "pinned-section" }, h("h2", {}, "Pinned"), this.pinned)),
        h("div", { class: "stack viewer-side" },
          h("section", { class: "panel area-polls", "aria-label": "Polls", "data-testid": "polls-section" }, h("h2", {}, "Polls"), this.pollList),
          this.questions.element,
          h("section", { class: "panel chat-panel area-chat", "aria-label": "Chat" },
            h("h2", {}, "Chat"), this.chatList, chatForm,
            h("div", { class: "row chat-meta" }, this.chatCounter, this.chatRefusalLine)))));
  }

  /**
   * A banner for something new the viewer may not see on a phone (a poll that opened, an item pinned): tapping it
   * scrolls to the item. Only the newest is shown; nothing is announced for what the catch-up brought.
   */
  private announce(kind: "poll" | "pin", text: string, target: () => Element | null): void {
    const show = h("button", { type: "button", class: "arrival-show", "data-testid": "arrival-show", onclick: () => {
      const element = target();
      element?.scrollIntoView({ behavior: "smooth", block: "center" });
      element?.classList.add("arrived");
      replace(this.arrivals);
    } },
    h("span", { class: "tag good" }, kind === "poll" ? "New poll" : "Pinned"),
    h("span", { class: "literal arrival-text", "data-testid": "arrival-text" }, text),
    h("span", { class: "arrival-go" }, kind === "poll" ? "Vote ↓" : "Read ↓"));
    replace(this.arrivals, h("div", { class: "arrival", role: "status", "data-testid": "arrival", "data-kind": kind }, show,
      h("button", { type: "button", class: "arrival-close", "aria-label": "Dismiss", onclick: () => replace(this.arrivals) }, "×")));
  }

  // --- catching up and live messages -------------------------------------------------------------------------

  private applyCatchUp(snapshot: ViewerCatchUp): void {
    this.applyRally(snapshot.rally);
    this.totals = { ...snapshot.stream.reactionTotals };
    this.viewers.textContent = formatCount(snapshot.stream.viewers);
    const palette = snapshot.stream.setup.palette.map(kind => kind.name);
    if (palette.join("\n") !== this.palette.join("\n")) {
      this.palette = palette;
      this.renderReactionButtons();
    }
    this.renderTotals();
    this.chatList.replaceChildren();
    for (const message of snapshot.stream.recentChat) {
      if (message.state === "Visible") {
        this.addChat(message);
      }
    }
    this.polls.clear();
    for (const poll of snapshot.polls) {
      this.polls.set(poll.pollId, poll);
      if (poll.status === "Open" && !this.seenOpenPolls.has(poll.pollId)) {
        this.seenOpenPolls.add(poll.pollId);
        if (this.caughtUp) {   // opened while this page was reconnecting
          this.announce("poll", poll.question, () => this.pollList.querySelector(`[data-poll="${CSS.escape(poll.pollId)}"]`));
        }
      }
    }
    this.renderPolls();
    this.questions.reset(snapshot.questions);
    this.caughtUp = true;
  }

  private applyRally(rally: PublicRally): void {
    document.title = `${rally.title} — RallyLive`;
    this.title.textContent = rally.title;
    this.status.textContent = rally.status === "Draft" ? "Starting soon" : rally.status;
    this.status.className = `tag live-value ${rally.status === "Live" ? "good" : rally.status === "Ended" ? "bad" : "warn"}`;
    this.speaker.textContent = rally.currentSpeaker ?? (rally.status === "Ended" ? "The rally has ended" : "Nobody yet");
    this.segment.textContent = rally.currentSegment ?? "";
    this.renderEmbed(rally.streams.find(stream => stream.id === this.streamId)?.embedUrl ?? null);
    this.renderPinned(rally.pinned);
    const fresh = rally.pinned.filter(pin => !this.seenPins.has(pin.id));
    fresh.forEach(pin => this.seenPins.add(pin.id));
    const newest = fresh.at(-1);
    if (this.caughtUp && newest) {
      this.announce("pin", newest.text, () => this.pinned.querySelector(`[data-pin="${CSS.escape(newest.id)}"]`));
    }
  }

  private renderEmbed(url: string | null): void {
    const current = this.embed.querySelector("iframe")?.getAttribute("src") ?? null;
    if (current === url && (url !== null || this.embed.childElementCount > 0)) {
      return;
    }
    if (url && /^https:\/\//i.test(url)) {
      const frame = h("iframe", { src: url, title: "The livestream", allowFullscreen: true, "data-testid": "embed-frame" });
      frame.setAttribute("sandbox", "allow-scripts allow-same-origin allow-presentation");
      frame.setAttribute("allow", "autoplay; fullscreen; picture-in-picture");
      frame.setAttribute("referrerpolicy", "no-referrer");
      replace(this.embed, frame);
    } else {
      replace(this.embed, h("div", { class: "embed-placeholder", "data-testid": "embed-placeholder" },
        h("span", { class: "embed-placeholder-title" }, "No video for this stream"),
        h("span", { class: "muted" }, "Follow along here: reactions, chat and polls are live.")));
    }
  }

  private renderPinned(items: PinnedItem[]): void {
    replace(this.pinned, items.length === 0 ? h("li", { class: "muted" }, "Nothing pinned.") : null,
      [...items].reverse().map(item => h("li", { class: `pin pin-${item.kind.toLowerCase()}`, "data-testid": "pin", "data-pin": item.id },
        h("span", { class: `tag ${item.kind === "Response" ? "good" : ""}` }, item.kind === "Response" ? "Response" : "Announcement"),
        h("p", { class: "literal" }, item.text))));
  }

  // --- reactions ---------------------------------------------------------------------------------------------

  private renderReactionButtons(): void {
    replace(this.reactionButtons, this.palette.map(kind => {
      const symbol = reactionSymbol(kind);
      return h("button", { type: "button", class: "reaction", "data-kind": kind, "data-testid": "react", "aria-label": `React: ${humanize(kind)}`,
        disabled: !this.live.isLive,
        onclick: (event: Event) => {
          this.taps.tap(kind);
          const button = event.currentTarget as HTMLElement;
          button.classList.remove("tapped");
          void button.offsetWidth;   // restart the press animation
          button.classList.add("tapped");
        } },
      symbol ? h("span", { class: "reaction-symbol emoji", "aria-hidden": "true" }, symbol) : null,
      h("span", { class: "reaction-name" }, humanize(kind)),
      h("span", { class: "reaction-total live-value", "data-testid": "reaction-total" }, "0"));
    }));
  }

  private renderTotals(): void {
    for (const button of this.reactionButtons.querySelectorAll<HTMLElement>("button.reaction")) {
      const total = button.querySelector(".reaction-total");
      if (total) {
        total.textContent = formatCount(this.totals[button.dataset.kind ?? ""] ?? 0);
      }
    }
  }

  private async sendReactions(counts: Record<string, number>): Promise<void> {
    try {
      await this.live.invoke("React", { streamId: this.streamId, counts });
      this.reactionNote.textContent = "";
    } catch (error) {
      this.reactionNote.textContent = error instanceof ApiError && error.code === "RallyNotLive"
        ? "Reactions open when the rally goes live."
        : error instanceof ApiError && error.code === "RateLimited" ? "Easy there: some taps were not counted." : describeError(error);
    }
  }

  /** The server's frame: totals and the viewer count move, and each kind's count starts floating symbols. */
  private applyFrame(frame: StreamFrame): void {
    if (frame.streamId !== this.streamId) {
      return;
    }
    this.viewers.textContent = formatCount(frame.viewers);
    for (const [kind, count] of Object.entries(frame.reactions)) {
      this.totals[kind] = (this.totals[kind] ?? 0) + count;
      this.burst(kind, count);
    }
    this.renderTotals();
  }

  private burst(kind: string, count: number): void {
    if (document.hidden || this.bursts.childElementCount > 60) {
      return;
    }
    const symbol = reactionSymbol(kind) ?? humanize(kind);
    for (let i = 0; i < burstSize(count); i++) {
      const particle = h("span", { class: "burst emoji", "data-kind": kind }, symbol);
      particle.style.left = `${5 + Math.random() * 85}%`;
      particle.style.animationDelay = `${Math.round(Math.random() * 200)}ms`;
      particle.addEventListener("animationend", () => particle.remove());
      this.bursts.append(particle);
    }
  }

  // --- chat --------------------------------------------------------------------------------------------------

  private updateCounter(): void {
    const left = charactersLeft(this.chatInput.value, maxChatLength);
    this.chatCounter.textContent = left.text;
    this.chatCounter.classList.toggle("negative", left.over);
    this.chatSend.disabled = left.over;
  }

  private async sendChat(): Promise<void> {
    const text = this.chatInput.value.trim();
    if (!text) {
      this.chatRefusalLine.textContent = chatRefusal(new ApiError("TextEmpty", "", 0));
      return;
    }
    this.chatSend.disabled = true;
    try {
      const message = await this.live.invoke<ChatMessage>("SendChat", { streamId: this.streamId, text });
      this.chatInput.value = "";
      this.chatRefusalLine.textContent = "";
      if (message.state === "Visible") {
        this.addChat(message);
      } else {
        this.chatRefusalLine.textContent = "Your message is held until a moderator reviews it.";
      }
    } catch (error) {
      this.chatRefusalLine.textContent = chatRefusal(error);
      if (error instanceof ApiError && error.code === "ViewerBanned") {
        void this.removedFromRally();
      }
    } finally {
      this.updateCounter();
    }
  }

  private addChat(message: ChatMessage): void {
    if (this.chatList.querySelector(`[data-id="${CSS.escape(message.id)}"]`)) {
      return;
    }
    const nearBottom = this.chatList.scrollHeight - this.chatList.scrollTop - this.chatList.clientHeight < 80;
    const mine = message.viewerId === this.me.viewerId;
    const item = h("li", { class: `chat-message${mine ? " mine" : ""}`, "data-id": message.id, "data-testid": "chat-message" },
      h("div", { class: "chat-line" },
        h("strong", { class: "chat-name", "data-testid": "chat-name" }, message.displayName),
        h("span", { class: "muted chat-time" }, formatClock(message.at))),
      h("p", { class: "literal chat-text", "data-testid": "chat-text" }, message.text));
    if (!mine) {
      item.append(h("button", { type: "button", class: "link-button", "data-testid": "report", onclick: () => this.askReport(item, message) }, "Report"));
    }
    // In time order: a message a moderator restores goes back where it was, not to the bottom.
    const at = Date.parse(message.at);
    const later = [...this.chatList.children].find(child => Number((child as HTMLElement).dataset.at) > at);
    item.dataset.at = String(at);
    this.chatList.insertBefore(item, later ?? null);
    while (this.chatList.childElementCount > chatShown) {
      this.chatList.firstElementChild?.remove();
    }
    if (nearBottom || mine) {
      this.chatList.scrollTop = this.chatList.scrollHeight;
    }
  }

  private removeChat(id: string): void {
    this.chatList.querySelector(`[data-id="${CSS.escape(id)}"]`)?.remove();
  }

  private askReport(item: HTMLElement, message: ChatMessage): void {
    if (item.querySelector(".report-form")) {
      return;
    }
    const reason = h("select", { "aria-label": "Why report this message", "data-testid": "report-reason" },
      ["Abuse or harassment", "Spam", "Misinformation", "Something else"].map(text => h("option", { value: text }, text)));
    const send = h("button", { type: "submit", class: "danger" }, "Send report");
    const form = h("form", { class: "row report-form", onsubmit: (event: Event) => {
      event.preventDefault();
      void act(send, async () => {
        await this.live.invoke("ReportMessage", { streamId: this.streamId, messageId: message.id, reason: reason.value });
        form.remove();
        showInfo("Thank you: the moderators will look at it.");
      }, "Report");
    } }, reason, send, h("button", { type: "button", onclick: () => form.remove() }, "Cancel"));
    item.append(form);
    reason.focus();
  }

  // --- polls -------------------------------------------------------------------------------------------------

  private applyPoll(poll: PollSnapshot): void {
    this.polls.set(poll.pollId, poll);
    this.renderPolls();
    if (poll.status === "Open" && !this.seenOpenPolls.has(poll.pollId)) {
      this.seenOpenPolls.add(poll.pollId);
      this.announce("poll", poll.question, () => this.pollList.querySelector(`[data-poll="${CSS.escape(poll.pollId)}"]`));
    }
  }

  private renderPolls(): void {
    const shown = [...this.polls.values()].filter(poll => poll.status !== "Draft")
      .sort((a, b) => (a.status === b.status ? (b.openedAt ?? "").localeCompare(a.openedAt ?? "") : a.status === "Open" ? -1 : 1));
    replace(this.pollList, shown.length === 0 ? h("p", { class: "muted" }, "No poll yet.") : null, shown.map(poll => this.pollCard(poll)));
  }

  /**
   * One poll, each option once: while it is open the options are the buttons to vote with, each showing its tally
   * (a bar of its share of all votes) when the server sends tallies; once closed, the same rows without buttons.
   */
  private pollCard(poll: PollSnapshot): HTMLElement {
    const open = poll.status === "Open";
    const voted = this.votes[poll.pollId];
    const pending = open ? this.pendingChoice.get(poll.pollId) : undefined;
    const showTallies = poll.tallies.length > 0;
    const card = h("article", { class: "poll", "data-testid": "poll", "data-poll": poll.pollId, "data-status": poll.status },
      h("div", { class: "row" }, h("h3", { class: "literal poll-question" }, poll.question),
        h("span", { class: `tag ${open ? "good" : ""}` }, open ? "Open" : "Closed")));
    const optionRow = (option: string, index: number): HTMLElement => {
      const count = poll.tallies[index] ?? 0;
      const fill = h("span", { class: "bar-fill" });
      fill.style.width = showTallies && poll.totalVotes > 0 ? `${(100 * count) / poll.totalVotes}%` : "0";
      const content = [
        showTallies ? fill : null,
        h("span", { class: "poll-option-text" }, h("span", { class: "literal" }, option),
          voted === index ? h("span", { class: "tag good" }, "your vote") : null),
        showTallies ? h("span", { class: "poll-option-count" },
          h("span", { "data-testid": "poll-tally", "data-index": index }, String(count)), " · ", formatPercent(count, poll.totalVotes)) : null,
      ];
      if (!open) {
        return h("div", { class: "poll-option closed" }, content);
      }
      return h("button", { type: "button", class: `poll-option${pending === index ? " chosen" : ""}${voted === index ? " voted" : ""}`,
        "aria-pressed": String(pending === index || (pending === undefined && voted === index)), "data-index": index, "data-testid": "poll-option",
        onclick: () => {
          if (voted === index && pending === undefined) {
            return;
          }
          this.pendingChoice.set(poll.pollId, index);
          this.renderPolls();
          this.pollList.querySelector<HTMLButtonElement>(`[data-poll="${CSS.escape(poll.pollId)}"] [data-testid="poll-confirm"]`)?.focus();
        } }, content);
    };
    card.append(h("div", { class: `poll-options${showTallies ? " live-value" : ""}`, role: open ? "group" : undefined,
      "aria-label": open ? "Choose an answer" : "Results", "data-testid": showTallies ? "poll-results" : undefined },
    poll.options.map(optionRow)));
    if (pending !== undefined) {
      const confirm = h("button", { type: "button", class: "primary big", "data-testid": "poll-confirm", onclick: () => void act(confirm, async () => {
        const receipt = await this.live.invoke<{ optionIndex: number; changed: boolean }>("Vote", { pollId: poll.pollId, optionIndex: pending });
        this.votes[poll.pollId] = receipt.optionIndex;
        saveVote(localStorage, this.rallyId, this.me.viewerId, poll.pollId, receipt.optionIndex);
        this.pendingChoice.delete(poll.pollId);
        this.renderPolls();
        showInfo(receipt.changed ? "Your vote was changed." : "Your vote was counted.");
      }, "Vote") }, voted === undefined ? "Confirm my vote" : "Change my vote");
      card.append(h("div", { class: "poll-confirm-row", role: "group", "aria-label": "Confirm your vote" },
        h("p", {}, voted === undefined ? "Vote for " : "Change your vote to ", h("strong", { class: "literal" }, `“${poll.options[pending] ?? ""}”`), "?"),
        h("div", { class: "row" }, confirm,
          h("button", { type: "button", class: "big", "data-testid": "poll-cancel", onclick: () => { this.pendingChoice.delete(poll.pollId); this.renderPolls(); } }, "Cancel"))));
    }
    if (voted !== undefined) {
      card.append(h("p", { class: "muted", "data-testid": "poll-voted" }, "You voted for ", h("strong", { class: "literal" }, poll.options[voted] ?? "?"),
        open ? ". You can change your vote until the poll closes." : "."));
    }
    card.append(showTallies
      ? h("p", { class: "muted" }, h("span", { "data-testid": "poll-total" }, String(poll.totalVotes)), poll.totalVotes === 1 ? " vote" : " votes")
      : h("p", { class: "muted", "data-testid": "poll-hidden" }, "Results are shown when the poll closes."));
    return card;
  }

  // --- removal -----------------------------------------------------------------------------------------------

  /** When the connection drops, asks the API whether this viewer is still welcome: a banned viewer stops reconnecting. */
  private async checkStillWelcome(): Promise<void> {
    if (this.removed) {
      return;
    }
    if (this.live.lastError?.code === "ViewerBanned") {
      await this.removedFromRally();
      return;
    }
    try {
      await api(`/api/rallies/${this.rallyId}/streams/${this.streamId}/viewers`, {
        method: "POST", body: { displayName: this.me.displayName }, key: this.me.viewerToken,
      });
    } catch (error) {
      if (error instanceof ApiError && error.code === "ViewerBanned") {
        await this.removedFromRally();
      }
    }
  }

  private async removedFromRally(): Promise<void> {
    if (this.removed) {
      return;
    }
    this.removed = true;
    await this.live.stop().catch(() => undefined);
    showRemoved();
  }
}

if (!rallyId || !streamId) {
  showState("Not a stream's page", "This address does not name a rally's stream. Check the link you were given.", "not-found");
} else {
  const known = loadIdentity(localStorage, rallyId);
  if (known) {
    void join(rallyId, streamId, known.displayName, known).catch(error => showError(error));
  } else {
    askForName(rallyId, streamId);
  }
}
