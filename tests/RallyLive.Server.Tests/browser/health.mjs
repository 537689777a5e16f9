// The browser reaches the server: the health page renders, and a screenshot is saved.
import { config, openPage, run, screenshot, within } from "./common.mjs";

await run(async browser => {
  const page = await openPage(browser);
  await within(10_000, page.goto(`${config.baseUrl}/health`), "the health page");
  return { text: (await page.textContent("body")).trim(), screenshot: await screenshot(page, "health") };
});
