// A lost connection: the page's hub socket is closed and new ones refused for a while. The banner says so, the tally
// is greyed as stale (never shown as live) while another viewer's vote moves it, and once connections are allowed
// again the page reconnects on its own and catches up to the server's tally.
import { openPage, run, screenshot } from "./common.mjs";
import { joinAsViewer, patience, talliesOn, until, vote } from "./viewer-common.mjs";

await run(async browser => {
  let down = false;
  const sockets = [];
  const page = await openPage(browser);
  await page.routeWebSocket(/\/hubs\//, socket => {
    if (down) {
      socket.close({ code: 4000, reason: "network lost" });
      return;
    }
    socket.connectToServer();
    sockets.push(socket);
  });
  await page.route(/\/hubs\/.*negotiate/, route => (down ? route.abort("internetdisconnected") : route.continue()));
  await joinAsViewer(browser, "Dee", { page });
  const other = await joinAsViewer(browser, "Eli");
  await vote(page, 0);
  await until(page, "the first tally", talliesOn, [1, 0]);

  down = true;
  for (const socket of sockets.splice(0)) {
    await socket.close({ code: 4000, reason: "network lost" });
  }
  await page.waitForSelector('[data-testid="connection"][data-state="reconnecting"]', { timeout: patience });
  await vote(other, 1);
  await until(other, "the other viewer's tally", talliesOn, [1, 1]);
  const whileDown = {
    banner: (await page.textContent('[data-testid="connection"]')).trim(),
    tallies: await talliesOn(page),
    greyed: await page.$eval('[data-testid="poll-results"]', results => {
      const style = getComputedStyle(results);
      return { opacity: style.opacity, filter: style.filter };
    }),
    reactionsEnabled: await page.$$eval('[data-testid="react"]', buttons => buttons.some(b => !b.disabled)),
  };
  const staleShot = await screenshot(page, "viewer-reconnecting");

  down = false;
  await page.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: 45_000 });
  const afterTallies = await until(page, "the caught-up tally", talliesOn, [1, 1]);
  const afterOpacity = await page.$eval('[data-testid="poll-results"]', results => getComputedStyle(results).opacity);
  return {
    whileDown, afterTallies, afterOpacity, screenshot: staleShot,
    pageErrors: page.problems.filter(problem => problem.startsWith("page error")),
  };
});
