// The organiser's control panel (/rallies/{id}/control#key=…): everything live over the organiser hub. The show
// (current speaker, run of show, go live / next / end), the crowd (sentiment timeline, reaction rates, viewers per
// stream), polls, viewers' questions, pinned announcements, counter-narratives and moderators. Read at a glance from a metre away.
import "../shared/base.css";
import "./control.css";
import { api } from "../shared/api.js";
import { TimelineChart } from "../shared/chart.js";
import { app, h, replace } from "../shared/dom.js";
import { energyExplained, energyUnit, formatClock, formatCount, formatPercent, formatRate, formatSentiment, humanize, trendArrow } from "../shared/format.js";
import { forgetKey, linkWithKey, rallyIdFromPath, storeKey, takeKey } from "../shared/keys.js";
import { Live } from "../shared/live.js";
import { applyModerationChanges, describeAudit, describeChatModes, moderationFigures } from "../shared/moderation.js";
import { act, showError, showInfo } from "../shared/notices.js";
import { shareLink } from "../shared/share.js";
import { connectionBanner } from "../shared/status.js";
import { bar, figure } from "../shared/widgets.js";
import { ControlQuestions } from "./control/questions.js";
import { serverLoadNotice } from "./control/serverLoad.js";
import { mergeBuckets, timelineData, timelineSegments } from "../shared/timeline.js";
import type { DeliveryLoad, ModerationSnapshot, ModeratorKey, NarrativeView, OrganiserCatchUp, OrganiserMessages, PollSnapshot, RallySnapshot, SentimentBucket, StreamFrame } from "../shared/types.js";

const rallyId = rallyIdFromPath(location.pathname);
const key = rallyId ? takeKey(rallyId, "organiser") : null;

if (!rallyId || !key) {
  replace(app(), h("h1", {}, "Control panel"),
    h("p", { class: "negative", "data-testid": "no-key" }, "This page needs the organiser's link, with its key (…/control#key=…). Open it from where the rally was created."));
} else {
  start(rallyId, key);
}

function start(rallyId: string, key: string): void {
  // The panel's state, as of the last catch-up plus the messages since.
  let rally: RallySnapshot | null = null;
  const polls = new Map<string, PollSnapshot>();
  const narratives = new Map<string, NarrativeView>();
  const buckets = new Map<string, SentimentBucket>();
  const viewers = new Map<string, number>();
  /** When each stream's count was true: a second sealed late must not put back a count that a newer frame replaced. */
  const viewersAt = new Map<string, number>();
  const setViewers = (streamId: string, count: number, at: number) => {
    if (at >= (viewersAt.get(streamId) ?? -Infinity)) {
      viewers.set(streamId, count);
      viewersAt.set(streamId, at);
    }
  };
  const recentFrames: { at: number; frame: StreamFrame }[] = [];
  const rateWindowMs = 10_000;
  let moderation: ModerationSnapshot | null = null;
  const questions = new ControlQuestions((method, ...args) => live.invoke(method, ...args));

  const live = new Live<OrganiserMessages, OrganiserCatchUp>({
    url: "/hubs/organiser",
    key: () => key,
    catchUpMethod: "CatchUp",
    onCatchUp: snapshot => {
      rally = snapshot.rally;
      moderation = snapshot.moderation;
      polls.clear();
      snapshot.polls.forEach(p => polls.set(p.pollId, p));
      questions.reset(snapshot.questions);
      narratives.clear();
      snapshot.narratives.forEach(n => narratives.set(n.narrative.id, n));
      buckets.clear();
      mergeBuckets(buckets, snapshot.recentSentiment);
      for (const bucket of snapshot.recentSentiment) {
        if (bucket.streamId) {
          setViewers(bucket.streamId, bucket.viewers, Date.parse(bucket.second) + 999);
        }
      }
      renderAll();
    },
  });

  // ---- Skeleton: built once; each section re-renders its own body.
  const banner = connectionBanner(live);
  const serverLoad = serverLoadNotice();
  const title = h("h1", { "data-testid": "rally-title" });
  const cause = h("p", { class: "cause" });
  const statusTag = h("span", { class: "tag status-tag live-value", "data-testid": "rally-status" });
  const headerActions = h("div", { class: "row" });
  const stageNow = h("div", { class: "stage-now live-value", "data-testid": "current-speaker" });
  const stageSegment = h("div", { class: "stage-segment live-value", "data-testid": "current-segment" });
  const runOfShow = h("ol", { class: "list run-of-show", "data-testid": "run-of-show" });
  const stageActions = h("div", { class: "row stage-actions" });
  const figures = h("div", { class: "figures" });
  const chartBox = h("div", { class: "chart", "data-testid": "sentiment-chart" });
  const rates = h("div", { class: "stack live-value", "data-testid": "reaction-rates" });
  const viewersBox = h("div", { class: "stack live-value", "data-testid": "viewers-per-stream" });
  const pollList = h("div", { "data-testid": "polls" });
  const pinList = h("ul", { class: "list", "data-testid": "pinned" });
  const narrativeList = h("div", { "data-testid": "narratives" });
  const moderationBox = h("div", { "data-testid": "moderation-summary" });
  const shareBox = h("div", { class: "share", "data-testid": "share" });
  const moderatorInvites = h("div", { class: "stack", "data-testid": "moderator-invites" });
  let shared = "";
  let chart: TimelineChart | null = null;
  const narrativeCards = new Map<string, { card: HTMLElement; body: HTMLElement; answer: HTMLInputElement; status: string }>();

  replace(app(),
    h("header", { class: "page-header" },
      h("div", {}, title, cause),
      h("div", { class: "row" }, statusTag, headerActions)),
    h("div", { class: "control-grid" },
      h("section", { class: "panel" }, h("h2", {}, "On stage"), stageNow, stageSegment, stageActions, runOfShow),
      h("section", { class: "panel wide" }, h("h2", {}, "The crowd now"), figures),
      h("section", { class: "panel full" }, h("h2", {}, "Sentiment"), chartBox),
      h("section", { class: "panel" }, h("h2", {}, "Reactions per second"), rates),
      h("section", { class: "panel" }, h("h2", {}, "Viewers per stream"), viewersBox),
      h("section", { class: "panel" }, h("h2", {}, "Moderation"), moderationBox),
      h("section", { class: "panel full", "aria-label": "Share" }, h("h2", {}, "Share"), shareBox,
        h("h3", {}, "Invite a moderator"), mintForm(), moderatorInvites),
      h("section", { class: "panel wide" }, h("h2", {}, "Counter-narratives"), narrativeList),
      h("section", { class: "panel" }, h("h2", {}, "Pinned"), pinForm(), pinList),
      h("section", { class: "panel wide" }, h("h2", {}, "Polls"), pollList),
      questions.element,
      h("section", { class: "panel" }, h("h2", {}, "New poll"), pollBuilder())));
  document.body.prepend(banner, serverLoad.element);

  // ---- Live messages
  live.on("QuestionsChanged", delta => questions.apply(delta));
  live.onUnnumbered<DeliveryLoad>("ServerLoad", load => serverLoad.show(load));
  live.onState(state => state === "reconnecting" && serverLoad.show(null));
  live.on("RallyUpdated", snapshot => {
    rally = snapshot;
    renderRally();
    renderPins();
    renderChart();
  });
  live.on("PollUpdated", poll => {
    polls.set(poll.pollId, poll);
    renderPolls();
  });
  live.on("Narrative", view => {
    // A push carries only the messages taken since the previous one; the panel keeps the latest 200, as catch-up sends.
    const known = narratives.get(view.narrative.id)?.messageIds ?? [];
    narratives.set(view.narrative.id, { ...view, messageIds: [...known, ...(view.newMessageIds ?? [])].slice(-200) });
    renderNarratives();
    renderModeration();
  });
  live.on("ModerationChanged", changes => {
    if (moderation) {
      moderation = applyModerationChanges(moderation, changes);
      renderModeration();
    }
  });
  live.on("Sentiment", incoming => {
    mergeBuckets(buckets, incoming);
    for (const bucket of incoming) {
      if (bucket.streamId) {
        setViewers(bucket.streamId, bucket.viewers, Date.parse(bucket.second) + 999);
      }
    }
    renderChart();
    renderFigures();
    renderViewers();
  });
  live.on("StreamFrame", frame => {
    setViewers(frame.streamId, frame.viewers, Date.parse(frame.at));
    recentFrames.push({ at: Date.now(), frame });
    renderViewers();
  });
  setInterval(() => {
    const cutoff = Date.now() - rateWindowMs;
    while (recentFrames.length > 0 && recentFrames[0]!.at < cutoff) {
      recentFrames.shift();
    }
    renderRates();
    renderFigures();
  }, 1000);

  // A key the server refuses (revoked, expired, another role's): nothing here would work, so say so and offer nothing.
  live.onState(state => {
    if (state === "offline" && live.lastError && ["Unauthenticated", "Forbidden"].includes(live.lastError.code)) {
      forgetKey(rallyId, "organiser");
      replace(app(), h("h1", {}, "Control panel"),
        h("p", { class: "negative", "data-testid": "key-refused" }, "The server refused this link's key: it is not this rally's organiser key, or it has expired. Open the control panel from the link you got when the rally was created."));
    }
  });
  void live.start();

  // ---- Rendering
  function renderAll(): void {
    renderRally();
    renderPins();
    renderPolls();
    renderNarratives();
    renderModeration();
    renderChart();
    renderFigures();
    renderRates();
    renderViewers();
  }

  function renderRally(): void {
    if (!rally) {
      return;
    }
    const r = rally;
    title.textContent = r.title;
    cause.textContent = r.cause ?? "";
    document.title = `${r.title} · Control panel`;
    statusTag.textContent = r.status;
    statusTag.className = `tag status-tag live-value ${r.status === "Live" ? "good" : r.status === "Ended" ? "bad" : "warn"}`;
    const current = r.currentSegment === null ? null : r.runOfShow[r.currentSegment] ?? null;
    const speaker = current?.speakerId ? r.speakers.find(s => s.id === current.speakerId)?.name ?? null : null;
    stageNow.textContent = current ? speaker ?? current.title : r.status === "Ended" ? "The rally has ended" : "Not started";
    stageSegment.textContent = current && speaker ? current.title : "";
    replace(runOfShow, r.runOfShow.map(segment => h("li", {
      class: segment.index === r.currentSegment ? "current" : segment.endedAt ? "done" : "",
      "data-current": segment.index === r.currentSegment ? "true" : undefined,
    }, h("span", { class: "index" }, segment.index + 1), h("span", {}, segment.title),
    segment.speakerId ? h("span", { class: "muted" }, r.speakers.find(s => s.id === segment.speakerId)?.name ?? "") : null)));

    const hasNext = r.currentSegment === null ? r.runOfShow.length > 0 : r.currentSegment + 1 < r.runOfShow.length;
    replace(stageActions,
      r.status === "Draft" ? actionButton("Go live", "GoLive", "primary big", "go-live") : null,
      r.status === "Live" ? actionButton("Next ▶", "NextSegment", "primary big", "next", !hasNext) : null,
      r.status === "Live" ? actionButton("End rally", "EndRally", "danger", "end-rally", false, "End the rally for everyone? This cannot be undone.") : null);
    replace(headerActions, h("a", { class: "button", href: linkWithKey(`/rallies/${r.rallyId}/report`, key), "data-testid": "report-link" }, "Report"));
    if (!chart) {
      chart = new TimelineChart(chartBox, r.streams.map(s => s.name));
    }
    renderShare(r);
  }

  /** The links to hand out: viewers' per stream (with QR codes), this panel's own, the report. Built once per set of streams. */
  function renderShare(r: RallySnapshot): void {
    const signature = JSON.stringify([r.rallyId, r.streams.map(s => [s.id, s.name])]);
    if (signature === shared) {
      return;
    }
    shared = signature;
    const origin = location.origin;
    replace(shareBox,
      h("p", {}, "Rally id ", h("code", { class: "rally-id", "data-testid": "rally-id" }, r.rallyId),
        h("span", { class: "muted" }, " — viewers can type it on the home page to find the streams.")),
      h("h3", {}, "Viewer links"),
      h("div", { class: "share-grid" }, r.streams.map(stream =>
        shareLink(`Watch: ${stream.name}`, `${origin}/rallies/${r.rallyId}/streams/${stream.id}`, `viewer-link-${stream.id}`, { qr: true, what: "Viewer link" }))),
      h("h3", {}, "Organiser"),
      shareLink("Organiser link (runs this rally: keep it private)", `${origin}${linkWithKey(`/rallies/${r.rallyId}/control`, key)}`, "organiser-link",
        { copyLabel: "Copy organiser link", what: "Organiser link", note: "This browser stays signed in to the rally. Open the link on another device to run the rally from there too." }),
      h("div", { class: "row" },
        h("button", {
          type: "button", "data-testid": "sign-out",
          title: "Forget the organiser key on this device; you will need the organiser link to come back.",
          onclick: () => {
            forgetKey(rallyId, "organiser");
            showInfo("Signed out on this device: keep the organiser link to come back.");
          },
        }, "Sign out on this device"),
        rotateKeyButton()));
  }

  /**
   * Rotates the organiser key (a link leaked, a device lost): the first click arms, the second asks the server for a new
   * key, keeps it on this device and reopens the panel with it. Every earlier key, every copied link, stops working.
   */
  function rotateKeyButton(): HTMLButtonElement {
    const button: HTMLButtonElement = h("button", {
      type: "button", class: "danger", "data-testid": "rotate-key",
      title: "Make a new organiser key: every earlier organiser link stops working, on every device.",
      onclick: async () => {
        if (!button.dataset.armed) {
          button.dataset.armed = "true";
          button.textContent = "Click again: old organiser links stop working";
          return;
        }
        button.disabled = true;
        try {
          const rotated = await api<{ key: string }>(`/api/rallies/${rallyId}/organiser-key`, { method: "POST", key });
          storeKey(rallyId, "organiser", rotated.key);
          location.replace(`/rallies/${rallyId}/control`);
        } catch (error) {
          button.disabled = false;
          showError(error);
        }
      },
    }, "Rotate organiser key");
    return button;
  }

  function actionButton(label: string, method: "GoLive" | "NextSegment" | "EndRally", className: string, testId: string, disabled = false, confirmText?: string): HTMLButtonElement {
    const button: HTMLButtonElement = h("button", {
      type: "button", class: className, "data-testid": testId, disabled,
      onclick: () => {
        if (confirmText && !button.dataset.armed) {
          // Two clicks rather than a dialog: the first arms the button, the second ends the rally.
          button.dataset.armed = "true";
          button.textContent = "Click again to end";
          setTimeout(() => { delete button.dataset.armed; button.textContent = label; }, 4000);
          return;
        }
        void act(button, async () => {
          rally = await live.invoke<RallySnapshot>(method);
          renderRally();
        }, label);
      },
    }, label);
    if (confirmText) {
      button.title = confirmText;
    }
    return button;
  }

  function latestRallyBucket(): SentimentBucket | null {
    let latest: SentimentBucket | null = null;
    for (const bucket of buckets.values()) {
      if (bucket.streamId === null && (!latest || bucket.second > latest.second)) {
        latest = bucket;
      }
    }
    return latest;
  }

  function renderFigures(): void {
    const latest = latestRallyBucket();
    const totalViewers = [...viewers.values()].reduce((a, b) => a + b, 0);
    const reactions = recentFrames.reduce((sum, { frame }) => sum + Object.values(frame.reactions).reduce((a, b) => a + b, 0), 0);
    const chat = recentFrames.reduce((sum, { frame }) => sum + frame.chatMessages, 0);
    const sentiment = latest?.sentimentIndex ?? 0;
    replace(figures,
      figure(formatSentiment(sentiment), "sentiment, −1 to +1 (last second)", "sentiment-now", `live-value ${sentiment > 0.05 ? "positive" : sentiment < -0.05 ? "negative" : ""}`),
      figure(formatCount(totalViewers), totalViewers === 1 ? "viewer watching now" : "viewers watching now", "viewers-total", "live-value"),
      figure(formatRate(reactions, rateWindowMs), "reactions per second (last 10 s)", "reactions-rate", "live-value"),
      figure(formatRate(chat, rateWindowMs), "chat messages per second (last 10 s)", "chat-rate", "live-value"),
      figure((latest?.energy ?? 0).toFixed(1), "energy (last second)", "energy-now", "live-value", energyUnit));
    figures.append(h("p", { class: "muted figures-note" }, energyExplained));
  }

  function renderRates(): void {
    const byKind = new Map<string, number>();
    for (const kind of rally?.reactionPalette ?? []) {
      byKind.set(kind.name, 0);
    }
    for (const { frame } of recentFrames) {
      for (const [kind, count] of Object.entries(frame.reactions)) {
        byKind.set(kind, (byKind.get(kind) ?? 0) + count);
      }
    }
    const max = Math.max(1, ...byKind.values());
    replace(rates, [...byKind].map(([kind, count]) => bar(kind, formatRate(count, rateWindowMs), count / max, `rate-${kind}`, true)));
  }

  function renderViewers(): void {
    if (!rally) {
      return;
    }
    const max = Math.max(1, ...viewers.values());
    replace(viewersBox, rally.streams.map(stream => {
      const count = viewers.get(stream.id) ?? 0;
      return bar(stream.name, formatCount(count), count / max, `viewers-${stream.id}`, true);
    }));
  }

  function renderChart(): void {
    if (chart && rally) {
      const data = timelineData(buckets.values(), rally.streams.map(s => s.id));
      chart.update(data, timelineSegments(rally));
      chartBox.dataset.points = String(data.xs.length);
    }
  }

  function renderPins(): void {
    if (!rally) {
      return;
    }
    replace(pinList, rally.pinned.length === 0 ? h("li", { class: "muted" }, "Nothing pinned.") : rally.pinned.map(pin =>
      h("li", { class: "row", "data-testid": "pinned-item" },
        h("span", { class: `tag ${pin.kind === "Response" ? "warn" : ""}` }, pin.kind),
        h("span", { class: "literal" }, pin.text),
        h("button", {
          type: "button", "data-testid": "unpin",
          onclick: (event: Event) => void act(event.currentTarget as HTMLButtonElement, () => live.invoke("Unpin", { pinId: pin.id }), "Unpin"),
        }, "Unpin"))));
  }

  function pinForm(): HTMLElement {
    const text = h("input", { name: "pin-text", maxLength: 300, placeholder: "An announcement for every viewer", "data-testid": "pin-text" });
    const button = h("button", { type: "submit", class: "primary", "data-testid": "pin" }, "Pin");
    return h("form", {
      class: "row",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void act(button, async () => {
          await live.invoke("Pin", { text: text.value, kind: "Announcement" });
          text.value = "";
        }, "Pin");
      },
    }, text, button);
  }

  function renderPolls(): void {
    const all = [...polls.values()].sort((a, b) => (b.openedAt ?? "9").localeCompare(a.openedAt ?? "9"));
    replace(pollList, all.length === 0 ? h("p", { class: "muted" }, "No polls yet.") : all.map(poll => {
      const tallies = poll.tallies.length === poll.options.length ? poll.tallies : poll.options.map(() => 0);
      const action = poll.status === "Draft" ? ["Open", "OpenPoll"] : poll.status === "Open" ? ["Close", "ClosePoll"] : null;
      return h("div", { class: "poll-card", "data-testid": "poll", "data-poll-id": poll.pollId, "data-status": poll.status },
        h("div", { class: "row" },
          h("strong", { class: "literal" }, poll.question),
          h("span", { class: `tag ${poll.status === "Open" ? "good" : ""}` }, poll.status),
          h("span", { class: "tag" }, poll.visibility === "AtClose" ? "results at close" : "results live")),
        tallies.map((count, i) => bar(poll.options[i]!, `${count} · ${formatPercent(count, poll.totalVotes)}`, poll.totalVotes > 0 ? count / poll.totalVotes : 0, "tally", true)),
        h("div", { class: "row" },
          h("span", { class: "muted live-value", "data-testid": "poll-total" }, poll.totalVotes === 1 ? "1 vote" : `${poll.totalVotes} votes`),
          action ? h("button", {
            type: "button", class: poll.status === "Draft" ? "primary" : "", "data-testid": action[0] === "Open" ? "open-poll" : "close-poll",
            onclick: (event: Event) => void act(event.currentTarget as HTMLButtonElement, async () => {
              const updated = await live.invoke<PollSnapshot>(action[1]!, { pollId: poll.pollId });
              polls.set(updated.pollId, updated);
              renderPolls();
            }, `${action[0]} poll`),
          }, `${action[0]} poll`) : null));
    }));
  }

  function pollBuilder(): HTMLElement {
    const question = h("input", { name: "question", maxLength: 300, placeholder: "The question", "data-testid": "poll-question" });
    const options = h("div", { class: "poll-options" });
    const visibility = h("select", { name: "visibility", "data-testid": "poll-visibility" },
      h("option", { value: "Live" }, "Results live"), h("option", { value: "AtClose" }, "Results at close"));
    const addOption = h("button", { type: "button", "data-testid": "add-option" }, "Add an option");
    const refresh = () => {
      const count = options.children.length;
      addOption.disabled = count >= 8;
      for (const remove of options.querySelectorAll<HTMLButtonElement>("button")) {
        remove.disabled = count <= 2;
      }
    };
    const add = () => {
      const entry = h("div", { class: "entry" }, h("input", { name: "option", maxLength: 120, placeholder: `Option ${options.children.length + 1}`, "data-testid": "poll-option" }));
      entry.append(h("button", { type: "button", "aria-label": "Remove option", onclick: () => { entry.remove(); refresh(); } }, "×"));
      options.append(entry);
      refresh();
    };
    addOption.addEventListener("click", add);
    add();
    add();
    const create = h("button", { type: "submit", class: "primary", "data-testid": "create-poll" }, "Create poll");
    const openNow = h("input", { type: "checkbox", checked: true, "data-testid": "poll-open-now" });
    return h("form", {
      class: "stack",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const values = [...options.querySelectorAll<HTMLInputElement>("input")].map(i => i.value.trim()).filter(Boolean);
        void act(create, async () => {
          let poll = await live.invoke<PollSnapshot>("CreatePoll", { question: question.value, options: values, visibility: visibility.value });
          if (openNow.checked) {
            poll = await live.invoke<PollSnapshot>("OpenPoll", { pollId: poll.pollId });
          }
          polls.set(poll.pollId, poll);
          renderPolls();
          question.value = "";
          options.querySelectorAll<HTMLInputElement>("input").forEach(i => { i.value = ""; });
          showInfo(openNow.checked ? "The poll is open." : "The poll is ready to open.");
        }, "Create poll");
      },
    }, question, options, h("div", { class: "row" }, addOption, visibility),
    h("label", { class: "row" }, openNow, "Open it at once"), create);
  }

  function renderNarratives(): void {
    const all = [...narratives.values()].sort((a, b) => rank(a) - rank(b) || b.narrative.messageCount - a.narrative.messageCount);
    if (all.length === 0) {
      replace(narrativeList, h("p", { class: "muted" }, "No counter-narratives detected."));
      narrativeCards.clear();
      return;
    }
    const cards = all.map(view => narrativeCard(view));
    replace(narrativeList, cards);
  }

  function rank(view: NarrativeView): number {
    return view.narrative.status === "Open" ? 0 : view.narrative.status === "Acknowledged" ? 1 : 2;
  }

  /** A narrative's card; kept across updates so that a half-typed answer survives the narrative growing. */
  function narrativeCard(view: NarrativeView): HTMLElement {
    const n = view.narrative;
    let entry = narrativeCards.get(n.id);
    if (!entry) {
      const body = h("div", {});
      const answer = h("input", { name: "answer", maxLength: 300, placeholder: "A response, pinned for every viewer", "data-testid": "narrative-answer" });
      const card = h("div", { class: "narrative-card", "data-testid": "narrative", "data-narrative-id": n.id }, body);
      entry = { card, body, answer, status: "" };
      narrativeCards.set(n.id, entry);
    }
    const handled = n.status !== "Open" && n.status !== "Acknowledged";
    entry.card.classList.toggle("handled", handled);
    entry.card.dataset.status = n.status;
    const call = (method: string, extra: Record<string, unknown> = {}) => (event: Event) =>
      void act(event.currentTarget as HTMLButtonElement, async () => {
        const updated = await live.invoke<NarrativeView>(method, { narrativeId: n.id, ...extra });
        narratives.set(updated.narrative.id, updated);
        renderNarratives();
        renderModeration();
      }, humanize(method));
    const answerForm = h("form", {
      class: "row",
      onsubmit: (event: Event) => {
        event.preventDefault();
        const text = entry!.answer.value.trim();
        if (!text) {
          showError(new Error("Write the response first."), "Answer");
          return;
        }
        call("AnswerNarrative", { response: text })(event);
      },
    }, entry.answer, h("button", { type: "submit", class: "primary", "data-testid": "narrative-answer-submit" }, "Answer & pin"));
    replace(entry.body,
      h("div", { class: "row" },
        h("span", { class: "tag warn" }, humanize(n.kind)),
        h("span", { class: `tag ${n.trend === "Rising" ? "bad" : ""} live-value` }, trendArrow(n.trend)),
        h("span", { class: "tag" }, humanize(n.status))),
      h("p", { class: "representative literal", "data-testid": "narrative-text" }, n.representativeText),
      h("p", { class: "live-value" }, `${formatCount(n.messageCount)} messages from ${formatCount(n.distinctViewers)} viewers · sentiment ${formatSentiment(n.meanSentiment)}`),
      n.samples.length > 0 ? h("ul", { class: "samples" }, n.samples.slice(0, 4).map(sample => h("li", { class: "literal", "data-testid": "narrative-sample" }, sample))) : null,
      handled ? null : h("div", { class: "stack" },
        answerForm,
        h("div", { class: "row" },
          n.status === "Open" ? h("button", { type: "button", "data-testid": "narrative-acknowledge", onclick: call("AcknowledgeNarrative") }, "Acknowledge") : null,
          h("button", { type: "button", "data-testid": "narrative-hand", onclick: call("HandNarrativeToModerators") }, "Hand to moderators"),
          h("button", { type: "button", "data-testid": "narrative-dismiss", onclick: call("DismissNarrative") }, "Dismiss"))));
    return entry.card;
  }

  function renderModeration(): void {
    const handed = [...narratives.values()].filter(v => v.narrative.status === "HandedToModerators");
    const open = [...narratives.values()].filter(v => v.narrative.status === "Open").length;
    const counts = moderation ? moderationFigures(moderation, Date.now()) : null;
    replace(moderationBox,
      h("div", { class: "figures" },
        figure(counts?.flagged ?? "–", "flagged messages waiting", "moderation-flagged", "live-value"),
        figure(counts?.timedOut ?? "–", "viewers timed out", "moderation-timed-out", "live-value"),
        figure(counts?.banned ?? "–", "viewers banned", "moderation-banned", "live-value"),
        figure(open, "narratives waiting", "narratives-open", "live-value"),
        figure(handed.length, "handed to moderators", "narratives-handed", "live-value"),
        figure(handed.reduce((sum, v) => sum + v.messageIds.length, 0), "of their messages queued for moderators", "messages-handed", "live-value")),
      moderation ? h("p", { class: "muted live-value", "data-testid": "moderation-modes" }, describeChatModes(moderation.policy)) : null,
      moderation && moderation.recentAudit.length > 0
        ? h("ol", { class: "list live-value", "data-testid": "moderation-actions" }, [...moderation.recentAudit].reverse().slice(0, 5).map(entry =>
          h("li", {}, h("span", { class: "muted" }, formatClock(entry.at)), " ", h("span", { class: "literal" }, describeAudit(entry)))))
        : null);
  }

  function mintForm(): HTMLElement {
    const name = h("input", { name: "moderator-name", maxLength: 80, placeholder: "Moderator's name", "data-testid": "moderator-name" });
    const button = h("button", { type: "submit", "data-testid": "mint-moderator" }, "Add a moderator");
    return h("form", {
      class: "row",
      onsubmit: (event: Event) => {
        event.preventDefault();
        void act(button, async () => {
          const invited = await api<ModeratorKey>(`/api/rallies/${rallyId}/moderator-keys`, { method: "POST", body: { name: name.value }, key });
          name.value = "";
          const link = `${location.origin}${linkWithKey(`/rallies/${rallyId}/moderate`, invited.key)}`;
          moderatorInvites.append(shareLink(`Moderator console for ${invited.name} (send it privately)`, link, "moderator-invite", { qr: true, what: "Moderator link" }));
        }, "Add a moderator");
      },
    }, name, button);
  }
}
