// The console under a busy chat: fourteen viewers (hub clients) chat; the console shows one line per message (a
// 1440x900 screenshot with every row in view counted), pauses under the pointer with a "N new messages" bar and
// appends them when the pointer leaves or the bar is clicked, feeds a blocked term's held message to the flagged queue
// and the Flagged filter, acts from the keyboard (j moves, h hides, Enter opens the viewer's card) and the card lists
// the viewer's messages and what moderators did, with a timeout taken from it.
import { join } from "node:path";
import { config, run } from "./common.mjs";
import { openConsole, patience } from "./viewer-common.mjs";
import { joinViewer } from "./viewers.mjs";

const row = text => `[data-testid="queue-message"]:has([data-testid="queue-text"]:text-is("${text}"))`;
const newBar = '[data-testid="new-messages"]';

/** Texts of the queue's rows the filter shows, top to bottom. */
const shownTexts = page => page.$$eval('[data-testid="queue-message"]', rows =>
  rows.filter(r => !r.hidden).map(r => r.querySelector('[data-testid="queue-text"]').textContent));

await run(async browser => {
  const page = await openConsole(browser);
  const viewers = [];
  for (let i = 1; i <= 14; i++) {
    viewers.push(await joinViewer(config.baseUrl, config.rallyId, config.streamId, `Crowd ${i}`));
  }
  const said = (i, round) => `Crowd ${i} says hello, round ${round}`;
  for (const round of [1, 2]) {
    for (const [index, viewer] of viewers.entries()) {
      await viewer.chat(said(index + 1, round));
    }
  }
  await page.waitForSelector(row(said(14, 2)), { timeout: patience });

  // One line per message: every row the same height, and how many fit in the 1440x900 window at once.
  const layout = await page.evaluate(() => {
    const list = document.querySelector('[data-testid="queue"]');
    const box = list.getBoundingClientRect();
    const rows = [...list.querySelectorAll('[data-testid="queue-message"]')].map(r => r.getBoundingClientRect());
    return {
      rows: rows.length,
      heights: [...new Set(rows.map(r => Math.round(r.height)))],
      inView: rows.filter(r => r.top >= Math.max(box.top, 0) - 1 && r.bottom <= Math.min(box.bottom, innerHeight) + 1).length,
      newestInView: rows.length > 0 && rows[rows.length - 1].bottom <= Math.min(box.bottom, innerHeight) + 1,
      actionsHidden: getComputedStyle(list.querySelector(".queue-actions")).opacity,
    };
  });
  const busyShot = join(config.screenshotDirectory, "moderator-console-busy.png");
  await page.screenshot({ path: busyShot });

  // Pause: with the pointer over the list, new messages wait behind the bar; leaving the list appends them.
  await page.hover(row(said(10, 2)));
  const actionsOnHover = await page.$eval(`${row(said(10, 2))} .queue-actions`, actions => getComputedStyle(actions).opacity);
  for (const i of [1, 2, 3]) {
    await viewers[i - 1].chat(`Crowd ${i} while paused`);
  }
  await page.waitForSelector(`${newBar}:not([hidden]):has-text("3 new messages")`, { timeout: patience });
  const shownWhilePaused = await page.$$(row("Crowd 3 while paused")).then(rows => rows.length);
  await page.mouse.move(1400, 10);
  await page.waitForSelector(row("Crowd 3 while paused"), { timeout: patience });
  await page.waitForSelector(newBar, { state: "hidden", timeout: patience });

  // The bar itself: paused again, a message waits; clicking the bar appends it.
  await page.hover(row(said(11, 2)));
  await viewers[3].chat("Crowd 4 while paused");
  await page.waitForSelector(`${newBar}:not([hidden]):has-text("1 new message")`, { timeout: patience });
  // Reaching for the bar leaves the list; the queue must still hold still (two frames: the list draws once per frame).
  await page.hover(newBar);
  await page.evaluate(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done))));
  const heldWhileOverBar = await page.$$(row("Crowd 4 while paused")).then(rows => rows.length === 0)
    && await page.isVisible(newBar);
  await page.click(newBar);
  await page.waitForSelector(row("Crowd 4 while paused"), { timeout: patience });
  await page.mouse.move(1400, 10);

  // A blocked term holds a message and puts it in the flagged queue on its own; the Flagged filter shows only it.
  await page.fill('[data-testid="term-input"]', "sellout");
  await page.click('[data-testid="term-add"]');
  await page.waitForSelector('[data-testid="blocked-term"]:has-text("sellout")', { timeout: patience });
  await viewers[9].chat("what a sellout this is");
  await page.waitForSelector(`${row("what a sellout this is")}[data-state="Held"]`, { timeout: patience });
  await page.waitForSelector('[data-testid="flagged"]:has-text("what a sellout this is")', { timeout: patience });
  await page.waitForSelector(`${row("what a sellout this is")} [data-testid="queue-flags"]`, { timeout: patience });
  const flaggedReason = (await page.textContent('[data-testid="flagged"]')).trim();
  await page.click('[data-testid="filter-flagged"]');
  const flaggedOnly = await shownTexts(page);
  await page.click('[data-testid="filter-held"]');
  const heldOnly = await shownTexts(page);
  await page.click('[data-testid="filter-all"]');
  const allAgain = (await shownTexts(page)).length;

  // The keyboard: focus Crowd 2's first message, j moves to the next one (Crowd 3's), h hides it, Enter opens the card.
  await page.focus(row(said(2, 1)));
  await page.keyboard.press("j");
  const focusedAfterJ = await page.evaluate(() => document.activeElement?.querySelector('[data-testid="queue-text"]')?.textContent ?? null);
  await page.keyboard.press("h");
  await page.waitForSelector(`${row(said(3, 1))}[data-state="Hidden"]`, { timeout: patience });
  await page.waitForSelector('[data-testid="audit-entry"][data-action="HideMessage"]', { timeout: patience });
  await page.keyboard.press("Enter");
  await page.waitForSelector('[data-testid="user-card"]:not([hidden])', { timeout: patience });
  // The server's part of the card (GetViewerHistory) has arrived and was merged: nothing listed twice.
  await page.waitForSelector('[data-testid="card-loading"]', { state: "detached", timeout: patience });
  const cardName = (await page.textContent('[data-testid="card-name"]')).trim();
  const cardMessages = await page.$$eval('[data-testid="card-message"]', items =>
    items.map(item => `${item.dataset.state}: ${item.querySelector('[data-testid="card-message-text"]').textContent}`));
  await page.waitForSelector('[data-testid="card-action"][data-action="HideMessage"]', { timeout: patience });

  // From the card: a timeout, which the card's history and status then show.
  await page.selectOption('[data-testid="card-timeout-duration"]', "600");
  await page.click('[data-testid="card-timeout"]');
  await page.waitForSelector('[data-testid="card-action"][data-action="TimeOutViewer"]', { timeout: patience });
  const cardActions = await page.$$eval('[data-testid="card-action"]', items => items.map(item => item.textContent));
  const cardStatus = (await page.textContent('[data-testid="card-status"]')).trim();
  const cardShot = join(config.screenshotDirectory, "moderator-console-card.png");
  await page.screenshot({ path: cardShot });
  await page.keyboard.press("Escape");
  await page.waitForSelector('[data-testid="user-card"]', { state: "hidden", timeout: patience });

  // Clicking a name opens that viewer's card as well; "Only their messages" filters the queue to them.
  await page.click(`${row(said(5, 2))} [data-testid="queue-name"]`);
  await page.waitForSelector('[data-testid="card-name"]:text-is("Crowd 5")', { timeout: patience });
  await page.click('[data-testid="card-filter"]');
  const onlyCrowd5 = await shownTexts(page);

  for (const viewer of viewers) {
    await viewer.stop();
  }
  return {
    layout, actionsOnHover, shownWhilePaused, heldWhileOverBar, flaggedReason, flaggedOnly, heldOnly, allAgain, focusedAfterJ, cardName, cardMessages,
    cardActions, cardStatus, onlyCrowd5, problems: page.problems, screenshots: [busyShot, cardShot],
  };
});
