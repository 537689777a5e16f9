// A lost connection on the control panel: the organiser hub's socket is cut and new connections refused for a while
// (as when the venue's network drops). The banner says so at once and the live figures grey out as stale; votes cast
// meanwhile are not shown; once the network is back the panel reconnects by itself with back-off, catches up, and
// shows them. Screenshots of the stale and the recovered panel are saved.
import { config, openPage, run, screenshot, waitFor, within } from "./common.mjs";
import { goLiveWithPoll } from "./panel.mjs";
import { joinViewer } from "./viewers.mjs";

const state = page => page.evaluate(() => ({
  banner: document.querySelector("[data-testid=connection]")?.dataset.state,
  bannerText: document.querySelector("[data-testid=connection]")?.textContent,
  total: document.querySelector("[data-testid=poll-total]")?.textContent,
  totalOpacity: getComputedStyle(document.querySelector("[data-testid=poll-total]")).opacity,
}));

await run(async browser => {
  const base = config.baseUrl;
  const created = await (await fetch(`${base}/api/rallies`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "Network drill", speakers: [{ id: "ada", name: "Ada" }], streams: [{ id: "stage", name: "Stage" }], runOfShow: [{ title: "Opening", speakerId: "ada" }] }),
  })).json();

  const page = await openPage(browser);
  let blocked = false;
  let refused = 0;
  let firstRefusal;
  const refusedOnce = new Promise(resolve => { firstRefusal = resolve; });
  const refuse = () => { refused++; firstRefusal(); };
  const sockets = [];
  await page.route(/\/hubs\/organiser\/negotiate/, route => {
    if (blocked) {
      refuse();
      return route.abort("connectionrefused");
    }
    return route.continue();
  });
  await page.routeWebSocket(/\/hubs\/organiser/, ws => {
    if (blocked) {
      refuse();
      ws.close();
      return;
    }
    ws.connectToServer();
    sockets.push(ws);
  });

  const pollId = await goLiveWithPoll(page, base, created, "Stay for the second half?");

  const first = await joinViewer(base, created.rallyId, "stage", "Reed");
  await first.vote(pollId, 0);
  await waitFor(page, "the first vote", () => document.querySelector("[data-testid=poll-total]")?.textContent === "1 vote");
  const before = await state(page);

  // The network drops: the socket is cut and new connections are refused.
  blocked = true;
  sockets.splice(0).forEach(ws => ws.close());
  await waitFor(page, "the reconnecting banner", () => document.body.dataset.connection === "reconnecting");
  const second = await joinViewer(base, created.rallyId, "stage", "Sam");
  const third = await joinViewer(base, created.rallyId, "stage", "Kim");
  await second.vote(pollId, 1);
  await third.vote(pollId, 1);
  await within(20_000, refusedOnce, "a reconnect attempt");
  const during = await state(page);
  const staleScreenshot = await screenshot(page, "control-reconnecting");

  // The network is back: the panel reconnects by itself and catches up.
  blocked = false;
  await waitFor(page, "the live banner again", () => document.body.dataset.connection === "live", { ms: 45_000 });
  await waitFor(page, "the votes cast while offline", () => document.querySelector("[data-testid=poll-total]")?.textContent === "3 votes");
  const after = await state(page);
  const tallies = await page.locator("[data-testid=poll] [data-testid=tally] strong").allTextContents();
  const recoveredScreenshot = await screenshot(page, "control-reconnected");

  await Promise.all([first.stop(), second.stop(), third.stop()]);
  return {
    before, during, after, tallies, refused, staleScreenshot, recoveredScreenshot,
    // Refused connections during the drop are the drill itself; anything else is a problem.
    problems: page.problems.filter(p => !/hubs\/organiser|ERR_CONNECTION_REFUSED|WebSocket/.test(p)),
  };
});
