// Small building blocks the pages share: a big figure with its label, a labelled horizontal bar.
import { h } from "./dom.js";

/**
 * A big number with a small label under it; `valueClass` adds classes to the number (`live-value`, `positive`…), and
 * `unit` is set smaller after the number ("/s", "/viewer/min").
 */
export function figure(value: string | number, label: string, testId: string, valueClass = "", unit?: string): HTMLElement {
  return h("div", { class: "figure" },
    h("span", { class: `figure-value ${valueClass}`.trim(), "data-testid": testId }, value, unit ? h("span", { class: "figure-unit" }, unit) : null),
    h("span", { class: "figure-label" }, label));
}

/** A labelled horizontal bar filled to `share` in [0, 1]; `live` marks it as live data (greyed when stale). */
export function bar(label: string, value: string, share: number, testId: string, live = false): HTMLElement {
  const fill = h("div", { class: "bar-fill" });
  fill.style.width = `${Math.round(Math.max(0, Math.min(1, share)) * 100)}%`;
  return h("div", { class: live ? "bar live-value" : "bar", "data-testid": testId },
    fill, h("div", { class: "bar-text" }, h("span", { class: "literal" }, label), h("strong", {}, value)));
}
