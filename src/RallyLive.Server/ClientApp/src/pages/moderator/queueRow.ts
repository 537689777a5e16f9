// One line of the console's queue, and the keys on a focused line. A row shows time, stream, name (opens the viewer's
// card), text, state, flags and the viewer's timeout or ban; its actions overlay the line's end, shown under the pointer
// or with focus (moderator.css).
import { h } from "../../shared/dom.js";
import { formatClock } from "../../shared/format.js";
import type { ChatMessage, MessageAction } from "../../shared/types.js";
import type { QueueHost } from "./chatList.js";
import { actionsFor, timeoutChoices } from "./rules.js";

export const actionLabels: Record<MessageAction, string> = { Hide: "Hide", Restore: "Restore", Delete: "Delete", Approve: "Approve" };

/** Keys on a focused row: each presses the row's button with this data-action. */
const queueKeys: Record<string, string> = { h: "Hide", r: "Restore", a: "Approve", d: "Delete", t: "TimeOut", b: "Ban" };

/** Draws a message's row; the time-out length picked on it is kept in `pickedTimeouts` across redraws. */
export function renderQueueRow(message: ChatMessage, host: QueueHost, pickedTimeouts: Map<string, string>): HTMLElement {
  const flags = host.flagsOf(message.id);
  const status = host.viewerStatus(message.viewerId);
  const duration = h("select", { "aria-label": "Time-out length", "data-testid": "timeout-duration" },
    timeoutChoices.map(choice => h("option", { value: choice.seconds }, choice.label)));
  duration.value = pickedTimeouts.get(message.id) ?? String(timeoutChoices[0]!.seconds);
  duration.addEventListener("change", () => pickedTimeouts.set(message.id, duration.value));
  const row = h("li", {
    class: `queue-item state-${message.state.toLowerCase()}${flags.length ? " flagged" : ""}`, tabIndex: 0,
    "data-id": message.id, "data-viewer": message.viewerId, "data-state": message.state, "data-testid": "queue-message",
  },
  h("time", { class: "muted queue-time" }, formatClock(message.at)),
  h("span", { class: "tag queue-stream", "data-testid": "queue-stream" }, host.streamName(message.streamId)),
  h("button", { type: "button", class: "link queue-name literal", "data-testid": "queue-name", title: `${message.displayName} (${message.viewerId}): open their card`,
    onclick: () => host.openCard(message.viewerId) }, message.displayName),
  h("span", { class: "literal queue-text", "data-testid": "queue-text", title: message.text }, message.text),
  h("span", { class: "queue-tags" },
    message.state !== "Visible" ? h("span", { class: `tag ${message.state === "Held" ? "warn" : "bad"}`, "data-testid": "queue-state" },
      message.reason ? `${message.state}: ${message.reason}` : message.state) : null,
    flags.length ? h("span", { class: "tag warn", "data-testid": "queue-flags", title: flags.join(", ") }, `⚑ ${flags.join(", ")}`) : null,
    status.banned ? h("span", { class: "tag bad" }, "banned")
      : status.timedOutUntil ? h("span", { class: "tag warn" }, `timed out until ${formatClock(status.timedOutUntil)}`) : null),
  h("span", { class: "queue-actions" },
    actionsFor(message.state).map(action => h("button", {
      type: "button", class: action === "Delete" ? "danger" : action === "Approve" || action === "Restore" ? "primary" : "",
      "data-action": action, "data-testid": `action-${action.toLowerCase()}`,
      onclick: (event: Event) => host.act(event.currentTarget as HTMLButtonElement, message, action),
    }, actionLabels[action])),
    status.banned ? null : [
      duration,
      h("button", { type: "button", "data-action": "TimeOut", "data-testid": "action-timeout",
        onclick: (event: Event) => host.timeOut(event.currentTarget as HTMLButtonElement, message, Number(duration.value)) }, "Time out"),
      h("button", { type: "button", class: "danger", "data-action": "Ban", "data-testid": "action-ban",
        onclick: (event: Event) => host.ban(event.currentTarget as HTMLButtonElement, message) }, "Ban"),
    ]));
  return row;
}

/**
 * Keys on a focused row: j/k or the arrows move to the next or previous shown row, Enter opens the viewer's card, and
 * h r a d t b press the row's Hide, Restore, Approve, Delete, Time out and Ban buttons.
 */
export function onQueueKey(event: KeyboardEvent, openCard: (viewerId: string) => void): void {
  const row = event.target as HTMLElement;
  if (!row.matches("li.queue-item") || event.ctrlKey || event.metaKey || event.altKey) {
    return;
  }
  const key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
  const forward = key === "j" || key === "ArrowDown";
  if (forward || key === "k" || key === "ArrowUp") {
    event.preventDefault();
    let next = forward ? row.nextElementSibling : row.previousElementSibling;
    while (next instanceof HTMLElement && next.hidden) {
      next = forward ? next.nextElementSibling : next.previousElementSibling;
    }
    if (next instanceof HTMLElement) {
      next.focus();
      next.scrollIntoView({ block: "nearest" });
    }
    return;
  }
  if (key === "Enter") {
    event.preventDefault();
    const viewerId = row.dataset.viewer;
    if (viewerId) {
      openCard(viewerId);
    }
    return;
  }
  const action = queueKeys[key];
  const button = action ? row.querySelector<HTMLButtonElement>(`[data-action="${action}"]`) : null;
  if (button && !button.disabled) {
    event.preventDefault();
    button.click();
  }
}
