// Helpers the browser scripts share: Debian's Chromium driven by playwright-core, screenshots, bounded waits.
import { chromium } from "playwright-core";
import { mkdirSync } from "node:fs";
import { join } from "node:path";

/** The script's one argument: JSON from the xUnit test (baseUrl, screenshotDirectory, and the test's own data). */
export const config = JSON.parse(process.argv[2] ?? "{}");

/** Resolves as `promise` does, or rejects after `ms` milliseconds naming what was awaited: an upper bound on a wait, not a sleep. */
export const within = (ms, promise, what) =>
  Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms))]);

// Flags for a machine whose only network is loopback: no background traffic, no sandbox (CI runs as root).
const chromiumFlags = [
  "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
];

/** Starts headless Chromium (RALLYLIVE_CHROMIUM or /usr/bin/chromium) with a fresh profile. */
/** Waits until `fn` (run in the page, with `arg`) returns something truthy, or fails naming `what` after `ms`. */
export const waitFor = (page, what, fn, { arg, ms = 20_000 } = {}) =>
  within(ms, page.waitForFunction(fn, arg, { polling: 100 }), what);

export const launch = () => chromium.launch({
  executablePath: process.env.RALLYLIVE_CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: chromiumFlags,
});

/**
 * A new page in its own browser context (its own storage, as a separate person), sized like a laptop or, with
 * `phone`, like a phone. Script errors and dialogs are recorded in `page.problems`, so a test can prove that
 * untrusted text ran nothing.
 */
export const openPage = async (browser, { phone = false } = {}) => {
  const context = await browser.newContext(phone
    ? { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true }
    : { viewport: { width: 1440, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on("pageerror", error => page.problems.push(`page error: ${error.message}`));
  page.on("dialog", dialog => { page.problems.push(`dialog: ${dialog.message()}`); dialog.dismiss(); });
  page.on("console", message => message.type() === "error" && page.problems.push(`console: ${message.text()}`));
  page.on("response", response => response.status() >= 400 && page.problems.push(`${response.status()}: ${response.url()}`));
  return page;
};

/** Saves a full-page screenshot as `<screenshotDirectory>/<name>.png` for a person to look at; returns its path. */
export const screenshot = async (page, name) => {
  mkdirSync(config.screenshotDirectory, { recursive: true });
  const path = join(config.screenshotDirectory, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
};

/** Runs `body` with a browser and prints its result as JSON for the xUnit test; any failure exits non-zero with the error. */
export const run = async body => {
  const browser = await launch();
  try {
    const result = await body(browser);
    process.stdout.write(JSON.stringify(result ?? {}));
  } catch (error) {
    process.stderr.write(`${error.stack ?? error}\n`);
    process.exitCode = 1;
  } finally {
    await browser.close();
  }
  // A failed script ends now: hub connections it left open would otherwise keep it running until the test gives up.
  if (process.exitCode) {
    process.exit();
  }
};
