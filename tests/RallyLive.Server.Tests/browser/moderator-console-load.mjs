// The console under a flood: ten hub viewers send `perViewer` messages each as fast as the server takes them (the
// test raises the per-viewer chat limit). The page keeps at most its 500 rows, shows the newest, and keeps working:
// with the pointer over the queue, a second flood only moves the "N new messages" bar, and leaving appends it.
import { config, run, waitFor } from "./common.mjs";
import { openConsole, patience } from "./viewer-common.mjs";
import { joinViewer } from "./viewers.mjs";

const row = text => `[data-testid="queue-message"]:has([data-testid="queue-text"]:text-is("${text}"))`;
const rowCount = page => page.$$eval('[data-testid="queue-message"]', rows => rows.length);

/** Every viewer sends its share at once (no waiting on each other): `label` tells the floods apart. */
const flood = (viewers, label, perViewer) => Promise.all(viewers.map((viewer, v) =>
  Promise.all(Array.from({ length: perViewer }, (_, i) => viewer.chat(`${label} ${v + 1}.${i + 1}`)))));

await run(async browser => {
  const page = await openConsole(browser);
  const viewers = [];
  for (let i = 1; i <= 10; i++) {
    viewers.push(await joinViewer(config.baseUrl, config.rallyId, config.streamId, `Flooder ${i}`));
  }
  const perViewer = config.perViewer;

  await flood(viewers, "first", perViewer);
  // Each viewer's messages arrive in order (one connection), so once every viewer's last one shows, the flood is in.
  const lastOfEach = viewers.map((_, v) => `first ${v + 1}.${perViewer}`);
  await waitFor(page, "each viewer's last message of the first flood", lastOfEach => {
    const shown = new Set([...document.querySelectorAll('[data-testid="queue-text"]')].map(t => t.textContent));
    return lastOfEach.every(text => shown.has(text));
  }, { arg: lastOfEach });
  const afterFirst = await rowCount(page);
  const newestShown = await page.$$eval('[data-testid="queue-text"]', texts => texts.map(t => t.textContent).filter(t => t.startsWith("first ")).length);

  await page.hover('[data-testid="queue-message"]:nth-last-child(5)');
  const before = await page.$$eval('[data-testid="queue-text"]', texts => texts.map(t => t.textContent));
  await flood(viewers, "second", perViewer);
  await page.waitForSelector(`[data-testid="new-messages"]:not([hidden]):has-text("${viewers.length * perViewer} new messages")`, { timeout: patience });
  const whilePaused = await page.$$eval('[data-testid="queue-text"]', texts => texts.map(t => t.textContent));
  await page.mouse.move(1400, 10);
  await page.waitForSelector(row(`second 10.${perViewer}`), { timeout: patience });
  const afterSecond = await rowCount(page);
  const secondShown = await page.$$eval('[data-testid="queue-text"]', texts => texts.filter(t => t.textContent.startsWith("second ")).length);
  const newestInView = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="queue"]');
    const last = list.querySelector('[data-testid="queue-message"]:last-child').getBoundingClientRect();
    return last.bottom <= Math.min(list.getBoundingClientRect().bottom, innerHeight) + 1;
  });

  for (const viewer of viewers) {
    await viewer.stop();
  }
  return {
    afterFirst, newestShown, unchangedWhilePaused: JSON.stringify(before) === JSON.stringify(whilePaused), afterSecond, secondShown,
    newestInView, problems: page.problems,
  };
});
