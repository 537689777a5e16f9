// The organiser's day, in a real browser: create a rally on the landing page, go live, open a poll; viewers (the
// official SignalR client) react, vote and push a counter-narrative; the control panel's chart, rates and tallies
// update; the organiser answers the narrative, pins an announcement, adds a moderator; the report renders and both
// downloads work. Untrusted text (rally title, speaker names, poll options, chat) carries markup and script payloads
// that must show literally and run nothing. Screenshots of each page are saved.
import { readFileSync } from "node:fs";
import { config, openPage, run, screenshot as save, waitFor, within } from "./common.mjs";
import { connectModerator, joinViewer } from "./viewers.mjs";

/** Untrusted text from the xUnit test: markup and script payloads that must show literally and run nothing. */
const payloads = config.payloads;
/** A screenshot from the top of the page, where the connection banner sits. */
const screenshot = async (page, name) => {
  await page.evaluate(() => window.scrollTo(0, 0));
  return save(page, name);
};
const text = (page, selector) => page.locator(selector).first().textContent();

await run(async browser => {
  const page = await openPage(browser);
  const result = {};

  // --- Landing page: create the rally.
  await within(15_000, page.goto(`${config.baseUrl}/`), "the landing page");
  await page.fill("[data-testid=title]", payloads.title);
  await page.fill("[data-testid=cause]", "Smile equity");
  const speakers = page.locator("[data-testid=speaker-rows] input[name=name]");
  await speakers.nth(0).fill(payloads.speaker);
  await speakers.nth(1).fill("Vanessa Chen");
  await page.locator("[data-testid=stream-rows] input[name=name]").nth(0).fill("Stage camera");
  await page.click("[data-testid=add-stream]");
  await page.locator("[data-testid=stream-rows] input[name=name]").nth(1).fill("Darien live");
  const segments = page.locator("[data-testid=segment-rows] .entry");
  await segments.nth(0).locator("input[name=title]").fill("Opening");
  await segments.nth(0).locator("select").focus();
  await segments.nth(0).locator("select").selectOption({ index: 1 });
  await segments.nth(1).locator("input[name=title]").fill("An ethical standard");
  await segments.nth(1).locator("select").focus();
  await segments.nth(1).locator("select").selectOption({ index: 2 });
  result.landingScreenshot = await screenshot(page, "landing");
  await page.click("[data-testid=create]");

  // --- Control panel: live, with the key gone from the address bar.
  await within(15_000, page.waitForURL(/\/rallies\/[a-z0-9-]+\/control$/), "the control panel");
  const rallyId = /\/rallies\/([a-z0-9-]+)\/control/.exec(page.url())[1];
  await waitFor(page, "the live banner", () => document.querySelector("[data-testid=connection]")?.dataset.state === "live");
  result.urlAfterCreate = page.url();
  result.title = await text(page, "[data-testid=rally-title]");
  result.statusBefore = await text(page, "[data-testid=rally-status]");

  await page.click("[data-testid=go-live]");
  await waitFor(page, "the rally to go live", () => document.querySelector("[data-testid=rally-status]")?.textContent === "Live");
  await waitFor(page, "the first speaker", () => document.querySelector("[data-testid=current-segment]")?.textContent === "Opening");
  result.firstSpeaker = await text(page, "[data-testid=current-speaker]");
  await page.click("[data-testid=next]");
  await waitFor(page, "the second speaker", () => document.querySelector("[data-testid=current-segment]")?.textContent === "An ethical standard");
  result.secondSpeaker = await text(page, "[data-testid=current-speaker]");
  result.nextEnabledOnLast = await page.locator("[data-testid=next]").isEnabled();

  // --- A poll, opened at once.
  await page.fill("[data-testid=poll-question]", "Who won the debate?");
  const options = page.locator("[data-testid=poll-option]");
  await options.nth(0).fill(payloads.option);
  await options.nth(1).fill("No");
  await page.click("[data-testid=create-poll]");
  await waitFor(page, "the open poll", () => document.querySelector("[data-testid=poll][data-status=Open]"));
  const pollId = await page.locator("[data-testid=poll]").first().getAttribute("data-poll-id");

  // --- Two viewers react and vote; the panel's rates, chart and tallies move.
  const viewers = [
    await joinViewer(config.baseUrl, rallyId, "stage-camera", "Reed"),
    await joinViewer(config.baseUrl, rallyId, "darien-live", "Sam"),
  ];
  await viewers[0].vote(pollId, 0);
  await viewers[1].vote(pollId, 0);
  await waitFor(page, "the tallies", () => document.querySelector("[data-testid=poll-total]")?.textContent === "2 votes");
  result.tallies = await page.locator("[data-testid=poll] [data-testid=tally] strong").allTextContents();
  result.pollOptionLabels = await page.locator("[data-testid=poll] [data-testid=tally] .literal").allTextContents();
  const reacting = setInterval(() => {
    viewers[0].react({ cheer: 5, clap: 2 }).catch(() => {});
    viewers[1].react({ cheer: 3 }).catch(() => {});
  }, 300);
  try {
    await waitFor(page, "reactions in the rates", () => !/^0\.0/.test(document.querySelector("[data-testid=rate-cheer] strong")?.textContent ?? "0.0"));
    await waitFor(page, "the sentiment chart", () => Number(document.querySelector("[data-testid=sentiment-chart]")?.dataset.points ?? 0) >= 2);
    await waitFor(page, "viewers per stream", () => document.querySelector("[data-testid=viewers-total]")?.textContent === "2");
  } finally {
    clearInterval(reacting);
  }
  result.cheerRate = await text(page, "[data-testid=rate-cheer] strong");
  result.chartPoints = Number(await page.locator("[data-testid=sentiment-chart]").getAttribute("data-points"));

  // --- A counter-narrative from eight viewers, its samples carrying a payload.
  const chatters = [];
  for (let i = 0; i < 10; i++) {
    chatters.push(await joinViewer(config.baseUrl, rallyId, "stage-camera", `Troll ${i}`));
  }
  const claims = ["the organisers are lying about the money", "organisers lying about the money again", "the organisers keep lying about money"];
  await Promise.all(chatters.map((c, i) => c.chat(`${payloads.chat[i % 2]} ${claims[i % claims.length]}`)));
  await waitFor(page, "a counter-narrative", () => document.querySelector("[data-testid=narrative]"), { ms: 30_000 });
  result.narrativeSamples = await page.locator("[data-testid=narrative-sample]").allTextContents();
  result.narrativeText = await text(page, "[data-testid=narrative-text]");
  result.controlScreenshot = await screenshot(page, "control-panel");

  // --- The organiser answers it (pinned), pins an announcement, adds a moderator.
  await page.fill("[data-testid=narrative-answer]", "Every penny is in the published accounts.");
  await page.click("[data-testid=narrative-answer-submit]");
  await waitFor(page, "the answered narrative", () => document.querySelector("[data-testid=narrative]")?.dataset.status === "Answered");
  await page.fill("[data-testid=pin-text]", payloads.pin);
  await page.click("[data-testid=pin]");
  await waitFor(page, "two pinned items", () => document.querySelectorAll("[data-testid=pinned-item]").length === 2);
  result.pinned = await page.locator("[data-testid=pinned-item] .literal").allTextContents();
  await page.locator("[data-testid=pinned-item]").nth(1).locator("[data-testid=unpin]").click();
  await waitFor(page, "the announcement unpinned", () => document.querySelectorAll("[data-testid=pinned-item]").length === 1);
  result.pinnedAfterUnpin = await page.locator("[data-testid=pinned-item] .literal").allTextContents();
  await page.fill("[data-testid=moderator-name]", "Mo");
  await page.click("[data-testid=mint-moderator]");
  await waitFor(page, "the moderator invite", () => document.querySelector("[data-testid=moderator-invite-url]"));
  result.moderatorLink = await page.locator("[data-testid=moderator-invite-url]").inputValue();

  // --- The new moderator turns slow mode on: the panel's moderation summary shows it, pushed by the server.
  const moderator = await connectModerator(config.baseUrl, result.moderatorLink);
  await moderator.setChatModes({ slowModeSeconds: 10, holdForReview: false, shieldMode: false });
  await waitFor(page, "slow mode in the moderation summary", () => document.querySelector("[data-testid=moderation-modes]")?.textContent?.includes("every 10 s"));
  result.moderationModes = await text(page, "[data-testid=moderation-modes]");
  result.moderationActions = await page.locator("[data-testid=moderation-actions] li").allTextContents();
  await moderator.stop();
  await page.click("[data-testid=close-poll]");
  await waitFor(page, "the closed poll", () => document.querySelector("[data-testid=poll][data-status=Closed]"));
  result.controlFinalScreenshot = await screenshot(page, "control-panel-answered");
  result.controlXss = await page.evaluate(() => ({ ran: window.__xss ?? [], images: document.querySelectorAll("img").length, scripts: document.querySelectorAll("script:not([src])").length }));
  result.controlProblems = page.problems;

  // --- The report: renders, and both downloads carry the rally.
  const reportPage = await openPage(browser);
  const reportLink = await page.locator("[data-testid=report-link]").getAttribute("href");
  await within(15_000, reportPage.goto(`${config.baseUrl}${reportLink}`), "the report page");
  await waitFor(reportPage, "the report", () => document.querySelector("[data-testid=report-chart]")?.dataset.points);
  result.reportUrl = reportPage.url();
  result.reportTitle = await text(reportPage, "[data-testid=rally-title]");
  result.reportPolls = await reportPage.locator("[data-testid=report-poll]").count();
  result.reportNarrativeOutcome = await text(reportPage, "[data-testid=narrative-outcome]");
  for (const kind of ["json", "csv"]) {
    const [download] = await Promise.all([
      within(15_000, reportPage.waitForEvent("download"), `the ${kind} download`),
      reportPage.click(`[data-testid=download-${kind}]`),
    ]);
    result[`${kind}FileName`] = download.suggestedFilename();
    result[`${kind}Content`] = readFileSync(await download.path(), "utf8").slice(0, 2000);
  }
  result.reportScreenshot = await screenshot(reportPage, "report");
  result.reportXss = await reportPage.evaluate(() => ({ ran: window.__xss ?? [], images: document.querySelectorAll("img").length }));
  result.reportProblems = reportPage.problems;

  await Promise.all([...viewers, ...chatters].map(v => v.stop()));
  return result;
});
