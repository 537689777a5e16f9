// The connection banner every live page shows: connected ("Connected", never "Live", which is a rally's state), reconnecting (figures greyed as stale, never shown as live), or
// offline. It also sets `data-connection` on <body>, which the CSS uses to grey every `.live-value` while not live.
import { h } from "./dom.js";
import { formatClock } from "./format.js";
import type { LiveState } from "./live.js";

/** What the banner watches: a Live connection (or anything with the same state and error). */
export interface Watched {
  onState(listener: (state: LiveState) => void): () => void;
  readonly lastError: { message: string } | null;
}

const labels: Record<LiveState, string> = {
  connecting: "Connecting…",
  live: "Connected",
  reconnecting: "Connection lost — reconnecting. Figures are stale until it is back.",
  offline: "Offline",
};

/** A banner element that follows `live`'s state; put it at the top of the page. */
export function connectionBanner(live: Watched): HTMLElement {
  const text = h("span", { class: "banner-text" });
  const since = h("span", { class: "banner-since" });
  const banner = h("div", { class: "banner", role: "status", "aria-live": "polite", "data-testid": "connection" }, h("span", { class: "banner-dot" }), text, since);
  let lostAt: Date | null = null;
  live.onState(state => {
    banner.dataset.state = state;
    document.body.dataset.connection = state;
    const detail = state === "offline" && live.lastError ? ` — ${live.lastError.message}` : "";
    text.textContent = labels[state] + detail;
    if (state === "live") {
      lostAt = null;
      since.textContent = "";
    } else if (state !== "connecting") {
      lostAt ??= new Date();
      since.textContent = ` (since ${formatClock(lostAt)})`;
    }
  });
  return banner;
}
