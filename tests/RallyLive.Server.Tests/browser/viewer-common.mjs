// What the viewer and moderator page scripts share: joining as a viewer, opening the console, reading figures.
import { config, openPage } from "./common.mjs";

/** How long a page may take to show what the server sent: an upper bound on a wait, never a pause. */
export const patience = 20_000;

export const viewerUrl = () => `${config.baseUrl}/rallies/${config.rallyId}/streams/${config.streamId}`;

/** Waits until the page's connection banner says live (caught up). */
export const untilLive = page => page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: patience });

/** Opens the viewer page as a new person (own browser context), joins under `name` and waits until live. */
export const joinAsViewer = async (browser, name, options) => {
  const page = options?.page ?? await openPage(browser, options);
  await page.goto(viewerUrl());
  await page.fill('[data-testid="display-name"]', name);
  await page.click('[data-testid="join"]');
  await untilLive(page);
  return page;
};

/** Opens the moderator console with the key in the fragment and waits until live. */
export const openConsole = async browser => {
  const page = await openPage(browser);
  await page.goto(`${config.baseUrl}/rallies/${config.rallyId}/moderate#key=${encodeURIComponent(config.moderatorKey)}`);
  await untilLive(page);
  return page;
};

/** Waits until `read(page)` returns `expected` (compared as JSON) and returns it; the error names what was seen last. */
export const until = async (page, what, read, expected, timeout = patience) => {
  const deadline = Date.now() + timeout;
  let seen;
  for (;;) {
    seen = await read(page);
    if (JSON.stringify(seen) === JSON.stringify(expected)) {
      return seen;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}: expected ${JSON.stringify(expected)}, saw ${JSON.stringify(seen)}`);
    }
    await page.waitForTimeout(100);   // polling interval of a bounded wait, not a pause standing in for one
  }
};

/** The tallies the page shows for a poll, by option index. */
export const talliesOn = page => page.$$eval('[data-testid="poll-tally"]', spans => spans.map(span => Number(span.textContent)));

/** The total the page shows for a reaction kind. */
export const reactionTotalOn = (page, kind) =>
  page.$eval(`[data-testid="react"][data-kind="${kind}"] [data-testid="reaction-total"]`, span => Number(span.textContent.replace(/[^0-9]/g, "")));

/** Chooses an option of the first poll and confirms the vote; checks the confirmation step is there before the vote leaves. */
export const vote = async (page, optionIndex) => {
  await page.click(`[data-testid="poll-option"][data-index="${optionIndex}"]`);
  await page.waitForSelector('[data-testid="poll-confirm"]', { timeout: patience });
  await page.click('[data-testid="poll-confirm"]');
  await page.waitForSelector('[data-testid="poll-confirm"]', { state: "detached", timeout: patience });
  await page.waitForSelector('[data-testid="poll-voted"]', { timeout: patience });
};

/** Sends a chat message from the viewer page; returns the refusal line's text ("" when accepted). */
export const chat = async (page, text) => {
  await page.fill('[data-testid="chat-input"]', text);
  await page.click('[data-testid="chat-send"]');
  await page.waitForFunction(() => document.querySelector('[data-testid="chat-input"]').value === ""
    || document.querySelector('[data-testid="chat-refusal"]').textContent !== "", null, { timeout: patience });
  return (await page.textContent('[data-testid="chat-refusal"]')).trim();
};
