// Pages opened without the right key offer nothing and say why: the control panel with no key, with a viewer's key
// (the server refuses it), and the report with a forged key.
import { config, openPage, run, screenshot, waitFor, within } from "./common.mjs";

await run(async browser => {
  const base = config.baseUrl;
  const created = await (await fetch(`${base}/api/rallies`, {
    method: "POST", headers: { "content-type": "application/json" },
    body: JSON.stringify({ title: "Keys", speakers: [], streams: [{ id: "stage", name: "Stage" }], runOfShow: [] }),
  })).json();
  const viewer = await (await fetch(`${base}/api/rallies/${created.rallyId}/streams/stage/viewers`, {
    method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ displayName: "Reed" }),
  })).json();
  const pageText = page => page.evaluate(() => ({
    text: document.querySelector("main")?.textContent ?? "",
    buttons: [...document.querySelectorAll("main button")].map(b => b.textContent),
  }));

  const noKey = await openPage(browser);
  await within(15_000, noKey.goto(`${base}/rallies/${created.rallyId}/control`), "the control panel without a key");
  await waitFor(noKey, "the missing-key message", () => document.querySelector("[data-testid=no-key]"));

  const viewerKey = await openPage(browser);
  await within(15_000, viewerKey.goto(`${base}/rallies/${created.rallyId}/control#key=${encodeURIComponent(viewer.viewerToken)}`), "the control panel with a viewer's key");
  await waitFor(viewerKey, "the refused-key message", () => document.querySelector("[data-testid=key-refused]"));
  const viewerKeyScreenshot = await screenshot(viewerKey, "control-refused-key");

  const forged = await openPage(browser);
  await within(15_000, forged.goto(`${base}/rallies/${created.rallyId}/report#key=forged`), "the report with a forged key");
  await waitFor(forged, "the report's refusal", () => document.querySelector("[data-testid=report-error]"));

  // The refused requests are the point; anything else (a page error, another failed request) is a problem.
  const expected = p => /^(401|403): /.test(p) || /Failed to load resource: .* (401|403) /.test(p);
  const refusals = page => page.problems.filter(p => !expected(p));
  return {
    noKey: await pageText(noKey),
    viewerKey: await pageText(viewerKey),
    forged: await pageText(forged),
    viewerKeyScreenshot,
    problems: [...refusals(noKey), ...refusals(viewerKey), ...refusals(forged)],
    refusedRequests: [...viewerKey.problems, ...forged.problems].filter(p => /^(401|403): /.test(p)).length,
  };
});
