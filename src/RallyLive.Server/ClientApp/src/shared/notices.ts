// Messages for the person at the screen: a refusal from the server, a confirmation. Shown in a fixed corner region,
// as text, for a few seconds (errors stay until dismissed).
import { describeError } from "./api.js";
import { h } from "./dom.js";

let region: HTMLElement | null = null;

function ensureRegion(): HTMLElement {
  if (!region || !region.isConnected) {
    region = h("div", { class: "notices", role: "alert", "aria-live": "assertive", "data-testid": "notices" });
    document.body.append(region);
  }
  return region;
}

/** Shows an error (an ApiError's message and code) until the person dismisses it. */
export function showError(error: unknown, context?: string): void {
  const text = context ? `${context}: ${describeError(error)}` : describeError(error);
  const item = h("div", { class: "notice notice-error" }, h("span", {}, text),
    h("button", { class: "notice-close", type: "button", "aria-label": "Dismiss", onclick: () => item.remove() }, "×"));
  ensureRegion().append(item);
}

/** Shows a short confirmation for a few seconds. */
export function showInfo(text: string): void {
  const item = h("div", { class: "notice notice-info" }, text);
  ensureRegion().append(item);
  setTimeout(() => item.remove(), 4000);
}

/** Runs an action from a button: disables it while running, shows any refusal. */
export async function act(button: HTMLButtonElement | null, action: () => Promise<unknown>, context?: string): Promise<void> {
  if (button) {
    button.disabled = true;
  }
  try {
    await action();
  } catch (error) {
    showError(error, context);
  } finally {
    if (button) {
      button.disabled = false;
    }
  }
}
