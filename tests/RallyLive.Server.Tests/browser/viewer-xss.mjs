// Untrusted text shows literally and runs nothing: script and image payloads as display names and chat (typed in the
// page), and as the rally title, speaker, segment, pinned text and poll options (sent through the API by the test).
import { config, run, screenshot } from "./common.mjs";
import { chat, joinAsViewer, openConsole, patience } from "./viewer-common.mjs";

await run(async browser => {
  const [image, script] = config.payloads;
  const first = await joinAsViewer(browser, image);
  const second = await joinAsViewer(browser, script);
  const console = await openConsole(browser);
  const accepted = [await chat(first, script), await chat(second, image)];
  for (const page of [first, second]) {
    await page.waitForSelector('[data-testid="chat-message"] >> nth=1', { timeout: patience });
  }
  await console.waitForSelector('[data-testid="queue-message"] >> nth=1', { timeout: patience });

  const inspect = page => page.evaluate(payloads => ({
    xss: typeof window.__xss,
    injected: document.querySelectorAll("#app img, #app script, #app iframe").length,
    shown: payloads.map(payload => document.body.innerText.split(payload).length - 1),
  }), config.payloads);
  const viewer = await inspect(first);
  const moderator = await inspect(console);
  const chatNames = await first.$$eval('[data-testid="chat-name"]', names => names.map(n => n.textContent));
  const chatTexts = await first.$$eval('[data-testid="chat-text"]', texts => texts.map(t => t.textContent));
  const title = await first.textContent('[data-testid="rally-title"]');
  const speaker = await first.textContent('[data-testid="speaker"]');
  const options = await first.$$eval('[data-testid="poll-option"] .literal', spans => spans.map(s => s.textContent));
  const pinned = await first.$$eval('[data-testid="pin"] .literal', items => items.map(p => p.textContent));
  const viewerShot = await screenshot(first, "viewer-xss");
  const consoleShot = await screenshot(console, "moderator-xss");
  return {
    accepted, viewer, moderator, chatNames, chatTexts, title, speaker, options, pinned,
    problems: [...first.problems, ...second.problems, ...console.problems], screenshots: [viewerShot, consoleShot],
  };
});
