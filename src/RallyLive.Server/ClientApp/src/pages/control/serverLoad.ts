// The control panel's notice that the server it is connected to sheds load (docs/protocol.md, `ServerLoad`): viewers
// get reactions less often and a sample of chat, while votes, chat and moderation are answered as usual.
import { h } from "../../shared/dom.js";
import { formatClock } from "../../shared/format.js";
import type { DeliveryLoad } from "../../shared/types.js";

/** What the notice says of `load`; null when the server sends viewers everything. */
export function serverLoadText(load: DeliveryLoad): string | null {
  if (load.level === "Full") {
    return null;
  }
  const frames = load.frameIntervalMs === 1000 ? "once a second"
    : load.frameIntervalMs > 1000 ? `every ${load.frameIntervalMs / 1000} s` : `every ${load.frameIntervalMs} ms`;
  return `The server is under heavy load and sends viewers less: reactions ${frames} and at most ` +
    `${load.chatPerSecondPerStream} chat messages a second per stream. Why: ${load.reason}. ` +
    `Votes, chat and moderation are stored and answered as usual.`;
}

/** A notice under the connection banner: shown while the server sheds load, hidden when it stops or the connection drops (it says again on reconnect). */
export function serverLoadNotice(): { element: HTMLElement; show(load: DeliveryLoad | null): void } {
  const text = h("span", { class: "banner-text" });
  const since = h("span", { class: "banner-since" });
  const element = h("div", { class: "banner server-load", role: "status", "aria-live": "polite", "data-testid": "server-load" },
    h("span", { class: "banner-dot" }), text, since);
  element.hidden = true;
  return {
    element,
    show(load) {
      const said = load ? serverLoadText(load) : null;
      element.hidden = said === null;
      text.textContent = said ?? "";
      since.textContent = said && load ? ` (since ${formatClock(load.since)})` : "";
    },
  };
}
