// Bad input on the pages: an unknown stream, an over-long or empty chat message, an unusable slow-mode value, a
// console opened without a key or with a refused one. Each gets a clear answer on the page.
import { config, openPage, run } from "./common.mjs";
import { joinAsViewer, openConsole, patience } from "./viewer-common.mjs";

await run(async browser => {
  const stranger = await openPage(browser);
  await stranger.goto(`${config.baseUrl}/rallies/${config.rallyId}/streams/no-such-stream`);
  await stranger.fill('[data-testid="display-name"]', "Ana");
  await stranger.click('[data-testid="join"]');
  await stranger.waitForSelector('[data-testid="not-found"]', { timeout: patience });
  const unknownStream = (await stranger.textContent('[data-testid="not-found"] h1')).trim();

  const viewer = await joinAsViewer(browser, "Ana");
  await viewer.fill('[data-testid="chat-input"]', "x".repeat(305));
  const overLimit = { counter: (await viewer.textContent('[data-testid="chat-counter"]')).trim(), sendDisabled: await viewer.isDisabled('[data-testid="chat-send"]') };
  await viewer.fill('[data-testid="chat-input"]', "   ");
  await viewer.click('[data-testid="chat-send"]');
  const emptyRefusal = (await viewer.textContent('[data-testid="chat-refusal"]')).trim();

  const console = await openConsole(browser);
  await console.fill('[data-testid="slow-mode"]', "601");
  await console.click('[data-testid="slow-mode-set"]');
  await console.waitForSelector('[data-testid="notices"] .notice-error', { timeout: patience });
  const slowModeRefusal = (await console.textContent('[data-testid="notices"] .notice-error')).trim();

  const keyless = await openPage(browser);
  await keyless.goto(`${config.baseUrl}/rallies/${config.rallyId}/moderate`);
  await keyless.waitForSelector('[data-testid="no-key"]', { timeout: patience });
  const refused = await openPage(browser);
  await refused.goto(`${config.baseUrl}/rallies/${config.rallyId}/moderate#key=${encodeURIComponent(config.viewerToken)}`);
  await refused.waitForSelector('[data-testid="key-refused"]', { timeout: patience });
  const keyLeftInAddress = refused.url().includes("#key=");

  return {
    unknownStream, overLimit, emptyRefusal, slowModeRefusal, keyLeftInAddress,
    viewerProblems: viewer.problems, consoleProblems: console.problems, keylessProblems: keyless.problems,
  };
});
