// The post-event report (/rallies/{id}/report#key=…, organiser): the sentiment timeline with speakers, per-speaker
// summaries, poll results, viewers' questions, counter-narratives and how each was answered, moderation actions; JSON and CSV downloads.
import "../shared/base.css";
import "./report.css";
import { api, describeError } from "../shared/api.js";
import { TimelineChart } from "../shared/chart.js";
import { app, h, replace } from "../shared/dom.js";
import { downloadWithKey } from "../shared/download.js";
import { energyExplained, formatClock, formatCount, formatDuration, formatPercent, formatSentiment, humanize } from "../shared/format.js";
import { linkWithKey, rallyIdFromPath, takeKey } from "../shared/keys.js";
import { auditModerator, describeAuditAction } from "../shared/moderation.js";
import { act } from "../shared/notices.js";
import { timelineData, timelineSegments } from "../shared/timeline.js";
import { bar, figure } from "../shared/widgets.js";
import type { NarrativeView, RallyReport } from "../shared/types.js";
import { questionsSection } from "./report/questions.js";

const rallyId = rallyIdFromPath(location.pathname);
const key = rallyId ? takeKey(rallyId, "organiser") : null;

if (!rallyId || !key) {
  replace(app(), h("h1", {}, "Report"),
    h("p", { class: "negative", "data-testid": "no-key" }, "This page needs the organiser's link, with its key (…/report#key=…). Open it from the control panel."));
} else {
  replace(app(), h("p", { class: "muted", "data-testid": "loading" }, "Loading the report…"));
  api<RallyReport>(`/api/rallies/${rallyId}/report`, { key })
    .then(report => render(rallyId, key, report))
    .catch(error => replace(app(), h("h1", {}, "Report"), h("p", { class: "negative", "data-testid": "report-error" }, `The report could not be loaded: ${describeError(error)}`)));
}

function render(rallyId: string, key: string, report: RallyReport): void {
  const rally = report.rally;
  document.title = `${rally.title} · Report`;
  const totalReactions = Object.values(report.reactionTotals).reduce((a, b) => a + b, 0);
  const peakViewers = Math.max(0, ...Object.values(report.streamTimelines).map(t => Math.max(0, ...t.map(b => b.viewers))));
  const meanSentiment = report.timeline.length > 0 ? report.timeline.reduce((a, b) => a + b.sentimentIndex, 0) / report.timeline.length : 0;
  const started = rally.runOfShow.find(s => s.startedAt)?.startedAt;
  // On stage until the last segment ended, or until now while the rally is still running.
  const ended = rally.status === "Ended" ? [...rally.runOfShow].reverse().find(s => s.endedAt)?.endedAt : report.generatedAt;
  const duration = started && ended ? (Date.parse(ended) - Date.parse(started)) / 1000 : null;

  const downloadButton = (label: string, path: string, fileName: string, testId: string) => {
    const button: HTMLButtonElement = h("button", {
      type: "button", class: "primary", "data-testid": testId,
      onclick: () => void act(button, () => downloadWithKey(path, key, fileName), `Download ${label}`),
    }, `Download ${label}`);
    return button;
  };

  const chartBox = h("div", { class: "chart", "data-testid": "report-chart" });
  replace(app(),
    h("header", { class: "page-header" },
      h("div", {}, h("h1", { "data-testid": "rally-title" }, rally.title), h("p", { class: "cause" }, rally.cause ?? ""),
        h("p", { class: "row muted" },
          h("span", { class: `tag ${rally.status === "Ended" ? "bad" : rally.status === "Live" ? "good" : "warn"}`, "data-testid": "report-status" },
            rally.status === "Draft" ? "Not started" : rally.status),
          `report generated ${formatClock(report.generatedAt)}`)),
      h("div", { class: "row" },
        downloadButton("JSON", `/api/rallies/${rallyId}/report`, `rally-${rallyId}-report.json`, "download-json"),
        downloadButton("CSV", `/api/rallies/${rallyId}/report.csv`, `rally-${rallyId}-report.csv`, "download-csv"),
        rally.status !== "Ended" ? h("a", { class: "button", href: linkWithKey(`/rallies/${rallyId}/control`, key) }, "Control panel") : null)),
    h("div", { class: "report-grid" },
      h("section", { class: "panel full" }, h("div", { class: "figures" },
        figure(formatCount(totalReactions), "reactions in all", "total-reactions"),
        figure(formatCount(peakViewers), "viewers at most on one stream", "peak-viewers"),
        figure(formatSentiment(meanSentiment), "mean sentiment, −1 to +1", "mean-sentiment"),
        figure(duration === null ? "—" : formatDuration(duration), "on stage (h:mm:ss)", "duration"),
        figure(String(report.polls.length), "polls", "poll-count"),
        figure(String(report.narratives.length), "counter-narratives", "narrative-count"))),
      h("section", { class: "panel full" }, h("h2", {}, "Sentiment over the rally"), chartBox),
      h("section", { class: "panel full" }, h("h2", {}, "Speakers"), speakers(report)),
      h("section", { class: "panel" }, h("h2", {}, "Reactions"), reactionBars(report.reactionTotals)),
      h("section", { class: "panel" }, h("h2", {}, "Polls"), polls(report)),
      questionsSection(report.questions),
      h("section", { class: "panel" }, h("h2", {}, "Counter-narratives"), narratives(report)),
      h("section", { class: "panel full" }, h("h2", {}, "Moderation actions"), moderation(report))));

  const chart = new TimelineChart(chartBox, rally.streams.map(s => s.name));
  const allBuckets = [...report.timeline, ...Object.values(report.streamTimelines).flat()];
  const data = timelineData(allBuckets, rally.streams.map(s => s.id));
  chart.update(data, timelineSegments(rally));
  chartBox.dataset.points = String(data.xs.length);
}

/** A table that reads as a table on a laptop and as one card per row on a phone (each cell says its column). */
function table(columns: string[], rows: { testId: string; cells: { text: string; class?: string }[] }[]): HTMLElement {
  return h("table", { class: "cards-on-phone" },
    h("thead", {}, h("tr", {}, columns.map(t => h("th", {}, t)))),
    h("tbody", {}, rows.map(row => h("tr", { "data-testid": row.testId },
      row.cells.map((cell, i) => h("td", { class: cell.class ?? "", "data-label": columns[i] }, cell.text))))));
}

function speakers(report: RallyReport): HTMLElement {
  const rows = report.speakers.flatMap(speaker => speaker.segments.map(segment => ({
    testId: "speaker-row",
    cells: [
      { text: speaker.name },
      { text: segment.segmentTitle },
      { text: formatDuration((Date.parse(segment.endedAt) - Date.parse(segment.startedAt)) / 1000) },
      { text: formatCount(Object.values(segment.reactions).reduce((a, b) => a + b, 0)) },
      { text: formatCount(segment.chatMessages) },
      { text: formatSentiment(segment.meanSentimentIndex), class: segment.meanSentimentIndex > 0.05 ? "positive" : segment.meanSentimentIndex < -0.05 ? "negative" : "" },
      { text: segment.peakEnergy.toFixed(1) },
    ],
  })));
  return rows.length === 0 ? h("p", { class: "muted" }, "No speaker has finished a segment yet.")
    : h("div", {},
      table(["Speaker", "Segment", "Length (m:ss)", "Reactions", "Chat messages", "Mean sentiment (−1 to +1)", "Peak energy (reactions per viewer per minute)"], rows),
      h("p", { class: "muted" }, energyExplained));
}

function reactionBars(totals: Record<string, number>): HTMLElement {
  const entries = Object.entries(totals).sort((a, b) => b[1] - a[1]);
  const max = Math.max(1, ...entries.map(e => e[1]));
  return entries.length === 0 ? h("p", { class: "muted" }, "No reactions.") : h("div", { class: "stack" }, entries.map(([kind, count]) => bar(kind, formatCount(count), count / max, `reaction-${kind}`)));
}

function polls(report: RallyReport): HTMLElement {
  return report.polls.length === 0 ? h("p", { class: "muted" }, "No polls.") : h("div", {}, report.polls.map(poll => {
    const max = Math.max(1, ...poll.tallies);
    return h("div", { class: "poll-card", "data-testid": "report-poll" },
      h("div", { class: "row" }, h("strong", { class: "literal" }, poll.question), h("span", { class: "tag" }, poll.status), h("span", { class: "muted" }, poll.totalVotes === 1 ? "1 vote" : `${poll.totalVotes} votes`)),
      poll.options.map((option, i) => bar(option, `${poll.tallies[i] ?? 0} · ${formatPercent(poll.tallies[i] ?? 0, poll.totalVotes)}`, (poll.tallies[i] ?? 0) / max, "tally")));
  }));
}

function narratives(report: RallyReport): HTMLElement {
  const answerOf = (view: NarrativeView) => {
    const pin = report.rally.pinned.find(p => p.id === view.pinnedResponseId);
    switch (view.narrative.status) {
      case "Answered": return pin ? `Answered with a pinned response: “${pin.text}”` : "Answered with a pinned response (since unpinned).";
      case "HandedToModerators": return `Handed to moderators (${view.messageIds.length} messages).`;
      case "Dismissed": return "Dismissed.";
      case "Acknowledged": return "Acknowledged, not answered.";
      default: return "Not handled.";
    }
  };
  return report.narratives.length === 0 ? h("p", { class: "muted" }, "No counter-narratives were detected.") : h("div", {}, report.narratives.map(view =>
    h("div", { class: "narrative-card", "data-testid": "report-narrative" },
      h("div", { class: "row" }, h("span", { class: "tag warn" }, humanize(view.narrative.kind)), h("span", { class: "tag" }, humanize(view.narrative.status))),
      h("p", { class: "literal" }, view.narrative.representativeText),
      h("p", { class: "muted" }, `${formatCount(view.narrative.messageCount)} messages from ${formatCount(view.narrative.distinctViewers)} viewers, first seen ${formatClock(view.narrative.firstSeen)}`),
      h("p", { "data-testid": "narrative-outcome", class: "literal" }, answerOf(view)))));
}

function moderation(report: RallyReport): HTMLElement {
  return report.moderationActions.length === 0 ? h("p", { class: "muted" }, "No moderation actions.")
    : table(["Time", "Moderator", "What they did"], report.moderationActions.map(entry => ({
      testId: "moderation-row",
      cells: [{ text: formatClock(entry.at) }, { text: auditModerator(entry) }, { text: describeAuditAction(entry) }],
    })));
}
