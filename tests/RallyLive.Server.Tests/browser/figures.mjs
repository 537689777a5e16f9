// The organiser's figures read at a glance, through a whole (short) rally: the control panel's chart (smoothed, with a
// caption and a key naming each speaker in full), figures with their units and what energy is, poll bars as shares of
// all votes, the viewer count falling when a viewer leaves; the organiser ends the rally, a viewer's page says so,
// and the report says "Ended" with the last speaker, on a laptop and on a phone without sideways scrolling.
import { config, openPage, run, screenshot, waitFor, within } from "./common.mjs";
import { joinViewer } from "./viewers.mjs";

const { baseUrl, rallyId, organiserKey } = config;
const react = (viewers, counts) => Promise.all(viewers.map(v => v.react(counts).catch(() => {})));

/** Reacts every 300 ms until `condition` holds in the page: the crowd keeps going while the page catches up. */
const reactUntil = async (page, what, viewers, counts, condition) => {
  const reacting = setInterval(() => void react(viewers, counts), 300);
  try {
    await waitFor(page, what, condition, { ms: 30_000 });
  } finally {
    clearInterval(reacting);
  }
};

const overflowsSideways = page => page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);

await run(async browser => {
  const result = { screenshots: [] };
  const page = await openPage(browser);
  await within(15_000, page.goto(`${baseUrl}/rallies/${rallyId}/control#key=${encodeURIComponent(organiserKey)}`), "the control panel");
  await waitFor(page, "the panel connected", () => document.body.dataset.connection === "live");
  await page.click("[data-testid=go-live]");
  await waitFor(page, "the rally live", () => document.querySelector("[data-testid=rally-status]")?.textContent === "Live");

  // A viewer's page on a phone, open until the end.
  const phoneViewer = await openPage(browser, { phone: true });
  await within(15_000, phoneViewer.goto(`${baseUrl}/rallies/${rallyId}/streams/stage`), "the viewer page");
  await phoneViewer.fill("[data-testid=display-name]", "Cy");
  await phoneViewer.click("[data-testid=join]");
  await waitFor(phoneViewer, "the viewer connected", () => document.body.dataset.connection === "live");

  // Three viewers; two vote Yes and one No: bars are shares of all votes (67% and 33%), as on viewers' pages.
  await page.fill("[data-testid=poll-question]", "Should smile technology follow a public ethical standard?");
  await page.locator("[data-testid=poll-option]").nth(0).fill("Yes");
  await page.locator("[data-testid=poll-option]").nth(1).fill("No");
  await page.click("[data-testid=create-poll]");
  await waitFor(page, "the open poll", () => document.querySelector("[data-testid=poll][data-status=Open]"));
  const pollId = await page.locator("[data-testid=poll]").first().getAttribute("data-poll-id");
  const viewers = [
    await joinViewer(baseUrl, rallyId, "stage", "Reed"),
    await joinViewer(baseUrl, rallyId, "stage", "Sam"),
    await joinViewer(baseUrl, rallyId, "darien-live", "Tia"),
  ];
  await viewers[0].vote(pollId, 0);
  await viewers[1].vote(pollId, 0);
  await viewers[2].vote(pollId, 1);
  await waitFor(page, "three votes", () => document.querySelector("[data-testid=poll-total]")?.textContent === "3 votes");
  result.pollBarWidths = await page.locator("[data-testid=poll] [data-testid=tally] .bar-fill").evaluateAll(fills => fills.map(f => f.style.width));

  // The crowd reacts: the chart draws, the figures move. Four viewers watch (three here, Cy on the phone).
  await reactUntil(page, "the chart's points", viewers, { cheer: 3, love: 1 },
    () => Number(document.querySelector("[data-testid=sentiment-chart]")?.dataset.points ?? 0) >= 3
      && document.querySelector("[data-testid=viewers-total]")?.textContent === "4");
  result.viewersBefore = await page.locator("[data-testid=viewers-total]").textContent();

  // Sam leaves: the count falls without waiting for anyone to react.
  await viewers[1].stop();
  await waitFor(page, "the viewer count after one left", () => document.querySelector("[data-testid=viewers-total]")?.textContent === "3");
  result.viewersAfterLeaving = await page.locator("[data-testid=viewers-total]").textContent();
  const staying = [viewers[0], viewers[2]];

  await page.click("[data-testid=next]");
  await waitFor(page, "the second speaker", () => document.querySelector("[data-testid=current-segment]")?.textContent === "An ethical standard");
  await reactUntil(page, "the second segment in the chart's key", staying, { clap: 2, boo: 1 },
    () => document.querySelectorAll("[data-testid=segment-key-item]").length === 2
      && Number(document.querySelector("[data-testid=sentiment-chart]")?.dataset.points ?? 0) >= 6);
  result.segmentKey = await page.locator("[data-testid=segment-key-label]").allTextContents();
  result.chartCaption = await page.locator("[data-testid=sentiment-chart] .chart-caption").textContent();
  result.figureLabels = await page.locator("[data-testid=sentiment-now], [data-testid=viewers-total], [data-testid=reactions-rate], [data-testid=chat-rate], [data-testid=energy-now]")
    .evaluateAll(values => values.map(v => `${v.textContent} | ${v.nextElementSibling?.textContent}`));
  result.energyNote = await page.locator(".figures-note").textContent();
  await page.evaluate(() => window.scrollTo(0, 0));
  result.screenshots.push(await screenshot(page, "control-figures"));

  // The organiser ends the rally (two clicks): the viewer's page says it has ended.
  await page.click("[data-testid=end-rally]");
  await page.click("[data-testid=end-rally]");
  await waitFor(page, "the rally ended", () => document.querySelector("[data-testid=rally-status]")?.textContent === "Ended");
  await waitFor(phoneViewer, "the viewer's page ended", () => document.querySelector("[data-testid=rally-status]")?.textContent === "Ended");
  result.viewerStatus = await phoneViewer.locator("[data-testid=rally-status]").textContent();
  result.viewerSpeaker = await phoneViewer.locator("[data-testid=speaker]").textContent();
  result.viewerConnection = await phoneViewer.locator("[data-testid=connection]").textContent();

  // The report: ended, both speakers with their segments, the chart's key; no sideways scrolling on a phone.
  for (const [name, options] of [["report-figures", {}], ["report-phone", { phone: true }]]) {
    const report = await openPage(browser, options);
    await within(15_000, report.goto(`${baseUrl}/rallies/${rallyId}/report#key=${encodeURIComponent(organiserKey)}`), "the report");
    await waitFor(report, "the report's chart", () => document.querySelector("[data-testid=report-chart]")?.dataset.points);
    result[name] = {
      status: await report.locator("[data-testid=report-status]").textContent(),
      speakers: await report.locator("[data-testid=speaker-row] td:first-child").allTextContents(),
      segmentKey: await report.locator("[data-testid=segment-key-label]").allTextContents(),
      overflow: await overflowsSideways(report),
    };
    result.screenshots.push(await screenshot(report, name));
    result.problems = [...(result.problems ?? []), ...report.problems];
  }

  result.problems = [...result.problems, ...page.problems, ...phoneViewer.problems];
  await Promise.all(staying.map(v => v.stop()));
  return result;
});
