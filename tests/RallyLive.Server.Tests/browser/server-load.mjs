// The control panel of a server that sheds load: under the connection banner, a notice says what viewers get and why.
// The xUnit test has put the server at a shedding level before the panel connects; the server says so on connect.
import { config, openPage, run, screenshot, waitFor, within } from "./common.mjs";

const { baseUrl, rallyId, organiserKey } = config;

await run(async browser => {
  const page = await openPage(browser);
  await within(15_000, page.goto(`${baseUrl}/rallies/${rallyId}/control#key=${encodeURIComponent(organiserKey)}`), "the control panel");
  await waitFor(page, "the panel connected", () => document.body.dataset.connection === "live");
  await waitFor(page, "the server-load notice", () => {
    const notice = document.querySelector("[data-testid=server-load]");
    return notice && !notice.hidden && notice.getBoundingClientRect().height > 0;
  });
  const notice = page.locator("[data-testid=server-load]");
  return {
    notice: await notice.textContent(),
    noticeBelowBanner: await page.evaluate(() =>
      document.querySelector("[data-testid=connection]").nextElementSibling === document.querySelector("[data-testid=server-load]")),
    screenshot: await screenshot(page, "control-server-load"),
    problems: page.problems,
  };
});
