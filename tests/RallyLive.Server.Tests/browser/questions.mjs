// Questions end to end in four browsers: Ana (laptop) asks, the moderator approves it in the console, Bo (phone)
// upvotes it, the organiser shows it from the control panel, and both viewers see it on screen. The question's text
// carries markup, which must show literally. Screenshots: viewer, phone, console and control panel.
import { config, openPage, run, screenshot } from "./common.mjs";
import { joinAsViewer, openConsole, patience, untilLive } from "./viewer-common.mjs";

const questionText = (page, selector) => page.$eval(selector, item => ({
  text: item.querySelector(".question-text").textContent,
  markup: item.querySelector(".question-text").children.length,
}));

await run(async browser => {
  const ana = await joinAsViewer(browser, "Ana");
  await ana.fill('[data-testid="question-input"]', config.question);
  const counter = (await ana.textContent('[data-testid="question-counter"]')).trim();
  await ana.click('[data-testid="question-ask"]');
  await ana.waitForFunction(() => document.querySelector('[data-testid="question-waiting"]').textContent !== ""
    || document.querySelector('[data-testid="question-refusal"]').textContent !== "", null, { timeout: patience });
  const waiting = (await ana.textContent('[data-testid="question-waiting"]')).trim();
  const refusal = (await ana.textContent('[data-testid="question-refusal"]')).trim();

  const console = await openConsole(browser);
  await console.waitForSelector('[data-testid="question-pending"]', { timeout: patience });
  const pendingOnConsole = await questionText(console, '[data-testid="question-pending"]');
  const consoleShot = await screenshot(console, "console-questions");
  await console.click('[data-testid="question-pending"] [data-testid="question-approve"]');
  await console.waitForSelector('[data-testid="question-pending"]', { state: "detached", timeout: patience });

  const bo = await openPage(browser, { phone: true });
  await joinAsViewer(browser, "Bo on a phone", { page: bo });
  await bo.waitForSelector('[data-testid="question"]', { timeout: patience });
  await bo.click('[data-testid="question"] [data-testid="question-upvote"]');
  await bo.waitForFunction(() => document.querySelector('[data-testid="question"] [data-testid="question-upvotes"]').textContent === "1", null, { timeout: patience });
  await ana.waitForFunction(() => document.querySelector('[data-testid="question"] [data-testid="question-upvotes"]')?.textContent === "1", null, { timeout: patience });
  const ownUpvoteDisabled = await ana.$eval('[data-testid="question"] [data-testid="question-upvote"]', button => button.disabled);
  const boUpvotedDisabled = await bo.$eval('[data-testid="question"] [data-testid="question-upvote"]', button => button.disabled);
  await bo.reload();
  await untilLive(bo);
  await bo.waitForSelector('[data-testid="question"]', { timeout: patience });
  const boUpvotedAfterReload = await bo.$eval('[data-testid="question"] [data-testid="question-upvote"]', button => button.disabled);

  const control = await openPage(browser);
  await control.goto(`${config.baseUrl}/rallies/${config.rallyId}/control#key=${encodeURIComponent(config.organiserKey)}`);
  await untilLive(control);
  await control.waitForSelector('[data-testid="questions-approved"] [data-testid="question-show"]', { timeout: patience });
  await control.click('[data-testid="questions-approved"] [data-testid="question-show"]');
  await control.waitForSelector('[data-testid="question-shown"]', { timeout: patience });
  const controlShot = await screenshot(control, "control-questions");

  await ana.waitForSelector('[data-testid="question-shown"]', { timeout: patience });
  await bo.waitForSelector('[data-testid="question-shown"]', { timeout: patience });
  const shownOnAna = (await ana.textContent('[data-testid="question-shown"] .question-text'));
  const shownOnBo = (await bo.textContent('[data-testid="question-shown"] .question-text'));
  const shownMarkup = await ana.$eval('[data-testid="question-shown"] .question-text', p => p.children.length);
  const listedOnBo = await questionText(bo, '[data-testid="question"]');
  const phoneOverflow = await bo.evaluate(() => document.documentElement.scrollWidth > window.innerWidth);
  await bo.$eval('[data-testid="questions-section"]', section => section.scrollIntoView());
  const screenshots = [consoleShot, controlShot, await screenshot(ana, "viewer-questions"), await screenshot(bo, "viewer-questions-phone")];

  await control.click('[data-testid="question-clear"]');
  await ana.waitForSelector('[data-testid="question-shown"]', { state: "detached", timeout: patience });
  const xss = await ana.evaluate(() => window.__xss ?? null);

  return {
    counter, waiting, refusal, pendingOnConsole, ownUpvoteDisabled, boUpvotedDisabled, boUpvotedAfterReload, shownOnAna, shownOnBo, shownMarkup, listedOnBo,
    phoneOverflow, xss, screenshots,
    problems: [...ana.problems, ...bo.problems, ...console.problems, ...control.problems],
  };
});
