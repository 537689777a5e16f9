// Sharing links from a page: a link shown in a read-only field (select it by hand where the clipboard is refused),
// a Copy button, and a QR code drawn on a canvas (the `qrcode` package draws pixels, so no markup is ever parsed).
import { toCanvas } from "qrcode";
import { h } from "./dom.js";
import { showError, showInfo } from "./notices.js";

/** Copies text to the clipboard, saying so; where the browser refuses, selects `fallback` for the person to copy. */
export async function copyText(text: string, what: string, fallback?: HTMLInputElement): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    showInfo(`${what} copied.`);
  } catch (error) {
    if (fallback) {
      fallback.focus();
      fallback.select();
      showInfo(`Copy the selected ${what.toLowerCase()} by hand.`);
    } else {
      showError(error, `Copy ${what.toLowerCase()}`);
    }
  }
}

/** A QR code of `text`, `size` CSS pixels square, on a canvas; `data-qr` holds the text it encodes. */
export function qrCode(text: string, size: number, label: string, testId = "qr"): HTMLCanvasElement {
  const canvas = h("canvas", { class: "qr", role: "img", "aria-label": label, "data-qr": text, "data-testid": testId });
  toCanvas(canvas, text, { width: size, margin: 2, errorCorrectionLevel: "M", color: { dark: "#000000", light: "#ffffff" } })
    .catch(error => showError(error, "QR code"));
  return canvas;
}

/** A labelled link with Copy (and, with `qr`, a QR code to scan from a phone): one row of a share panel. */
export function shareLink(label: string, url: string, testId: string, options: { qr?: boolean; note?: string; copyLabel?: string; what?: string } = {}): HTMLElement {
  const field = h("input", { type: "text", readOnly: true, value: url, class: "share-url", "aria-label": label, "data-testid": `${testId}-url` });
  field.addEventListener("focus", () => field.select());
  const copy = h("button", { type: "button", "data-testid": `${testId}-copy`, onclick: () => void copyText(url, options.what ?? label, field) }, options.copyLabel ?? "Copy");
  return h("div", { class: "share-link", "data-testid": testId },
    h("div", { class: "share-text" },
      h("div", { class: "share-label literal" }, label),
      options.note ? h("div", { class: "muted share-note" }, options.note) : null,
      h("div", { class: "row share-row" }, field, copy,
        h("a", { class: "button", href: url, target: "_blank", rel: "noopener noreferrer" }, "Open"))),
    options.qr ? qrCode(url, 132, `QR code: ${label}`, `${testId}-qr`) : null);
}
