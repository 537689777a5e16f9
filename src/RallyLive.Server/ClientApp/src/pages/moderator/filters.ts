// The console's queue filters: everything, flagged only, held only (needs review), one stream, one viewer. Client-side
// over the rows the console keeps and whatever arrives; the filter bar that picks them.
import { h } from "../../shared/dom.js";
import type { ChatMessage } from "../../shared/types.js";

/** Which messages of the queue show: all of them, flagged ones, or held ones (waiting for a moderator). */
export type QueueView = "all" | "flagged" | "held";

export interface QueueFilter {
  view: QueueView;
  /** Only this stream's messages, or every stream's. */
  streamId: string | null;
  /** Only this viewer's messages, or everyone's. */
  viewerId: string | null;
}

export const everything: QueueFilter = { view: "all", streamId: null, viewerId: null };

/** Whether a message shows under a filter; `flagged` says whether it is in the flagged queue. */
export function matchesFilter(filter: QueueFilter, message: Pick<ChatMessage, "state" | "streamId" | "viewerId">, flagged: boolean): boolean {
  if (filter.view === "flagged" && !flagged) {
    return false;
  }
  if (filter.view === "held" && message.state !== "Held") {
    return false;
  }
  return (filter.streamId === null || message.streamId === filter.streamId) && (filter.viewerId === null || message.viewerId === filter.viewerId);
}

const views: { view: QueueView; label: string }[] = [
  { view: "all", label: "All" },
  { view: "flagged", label: "Flagged" },
  { view: "held", label: "Held" },
];

/** The bar above the queue: view buttons, a stream picker and, once a viewer is picked, their name with a clear button. */
export class FilterBar {
  private current: QueueFilter = everything;
  private readonly viewButtons = views.map(({ view, label }) => h("button", {
    type: "button", class: "filter-view", "data-view": view, "data-testid": `filter-${view}`, "aria-pressed": String(view === "all"),
    onclick: () => this.set({ ...this.current, view }),
  }, label));
  private readonly stream = h("select", { "aria-label": "Stream", "data-testid": "filter-stream" });
  private readonly viewer = h("span", { class: "row nowrap filter-viewer", "data-testid": "filter-viewer", hidden: true });
  readonly element: HTMLElement;

  constructor(streams: { id: string; name: string }[], private readonly onChange: (filter: QueueFilter) => void) {
    this.stream.append(h("option", { value: "" }, "Every stream"), ...streams.map(stream => h("option", { value: stream.id }, stream.name)));
    this.stream.addEventListener("change", () => this.set({ ...this.current, streamId: this.stream.value || null }));
    this.element = h("div", { class: "row nowrap filter-bar", role: "toolbar", "aria-label": "Filter the queue" },
      h("span", { class: "row nowrap filter-views" }, this.viewButtons), streams.length > 1 ? this.stream : null, this.viewer);
  }

  get value(): QueueFilter {
    return this.current;
  }

  /** Shows only this viewer's messages (from their user card); `name` is what the bar shows. */
  showViewer(viewerId: string, name: string): void {
    this.viewer.replaceChildren(h("span", { class: "tag" }, "viewer: ", h("span", { class: "literal" }, name)),
      h("button", { type: "button", class: "small", "aria-label": "Show every viewer", "data-testid": "filter-viewer-clear",
        onclick: () => this.set({ ...this.current, viewerId: null }) }, "×"));
    this.set({ ...this.current, viewerId });
  }

  set(filter: QueueFilter): void {
    this.current = filter;
    for (const button of this.viewButtons) {
      button.setAttribute("aria-pressed", String(button.dataset.view === filter.view));
    }
    this.stream.value = filter.streamId ?? "";
    this.viewer.hidden = filter.viewerId === null;
    this.onChange(filter);
  }
}
