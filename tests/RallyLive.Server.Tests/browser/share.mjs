// Access and sharing on the control panel: the organiser opens the link once and stays signed in to the rally on this
// device (a new tab without the key opens the panel; the home page lists the rally); the share panel gives the rally
// id, a viewer link with a QR code per stream, "copy organiser link" and a moderator invite; signing out on the device
// forgets the key. Desktop and phone screenshots of the panel.
import { config, openPage, run, screenshot, waitFor, within } from "./common.mjs";

const { baseUrl, rallyId, organiserKey, streams } = config;
const controlPath = `/rallies/${rallyId}/control`;

/** How many dark pixels a QR canvas has (a blank canvas has none), and the text it says it encodes. */
const qrOf = (page, testId) => page.evaluate(id => {
  const canvas = document.querySelector(`[data-testid="${id}"]`);
  if (!canvas) {
    return null;
  }
  const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
  let dark = 0;
  for (let i = 0; i < pixels.length; i += 4) {
    dark += pixels[i] < 64 ? 1 : 0;
  }
  return { text: canvas.dataset.qr, dark, light: pixels.length / 4 - dark, width: canvas.width };
}, testId);

await run(async browser => {
  const result = { screenshots: [] };
  const page = await openPage(browser);
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"], { origin: baseUrl });
  await within(15_000, page.goto(`${baseUrl}${controlPath}#key=${encodeURIComponent(organiserKey)}`), "the control panel");
  await waitFor(page, "the panel connected", () => document.body.dataset.connection === "live");
  await waitFor(page, "the share panel", () => document.querySelector("[data-testid=rally-id]"));
  result.urlAfterOpen = page.url();
  result.rallyId = await page.locator("[data-testid=rally-id]").textContent();
  result.viewerLinks = {};
  result.viewerQr = {};
  for (const stream of streams) {
    result.viewerLinks[stream] = await page.locator(`[data-testid="viewer-link-${stream}-url"]`).inputValue();
    await waitFor(page, `the QR code of ${stream}`, id => {
      const canvas = document.querySelector(`[data-testid="${id}"]`);
      return canvas && canvas.width > 0;
    }, { arg: `viewer-link-${stream}-qr` });
    result.viewerQr[stream] = await qrOf(page, `viewer-link-${stream}-qr`);
  }

  // Copy organiser link: the clipboard holds the panel's link with its key.
  await page.click("[data-testid=organiser-link-copy]");
  await waitFor(page, "the copy confirmation", () => document.querySelector("[data-testid=notices]")?.textContent?.includes("copied"));
  result.copiedOrganiserLink = await page.evaluate(() => navigator.clipboard.readText());
  result.organiserLinkShown = await page.locator("[data-testid=organiser-link-url]").inputValue();

  // A moderator invite: a console link with a key, and its QR code.
  await page.fill("[data-testid=moderator-name]", "Ezra");
  await page.click("[data-testid=mint-moderator]");
  await waitFor(page, "the moderator invite", () => document.querySelector("[data-testid=moderator-invite-url]"));
  result.moderatorInvite = await page.locator("[data-testid=moderator-invite-url]").inputValue();
  result.moderatorQr = await qrOf(page, "moderator-invite-qr");
  await page.locator("[data-testid=share]").scrollIntoViewIfNeeded();
  result.screenshots.push(await screenshot(page, "control-share"));

  // Still signed in: a new tab of this browser, without the key in the address, opens the panel and connects.
  const again = await page.context().newPage();
  again.problems = [];
  again.on("pageerror", error => again.problems.push(`page error: ${error.message}`));
  await within(15_000, again.goto(`${baseUrl}${controlPath}`), "the panel in a new tab");
  await waitFor(again, "the new tab connected", () => document.body.dataset.connection === "live");
  result.newTabTitle = await again.locator("[data-testid=rally-title]").textContent();
  result.newTabNoKey = await again.locator("[data-testid=no-key]").count();

  // The home page lists it.
  await within(15_000, again.goto(`${baseUrl}/`), "the home page");
  await waitFor(again, "your rallies", () => document.querySelector("[data-testid=your-rally]")?.textContent?.includes("("));
  result.yourRallies = await again.locator("[data-testid=your-rally]").allTextContents();
  result.yourRallyHref = await again.locator("[data-testid=your-rally]").first().getAttribute("href");

  // A phone: the share panel fits the screen.
  const phone = await openPage(browser, { phone: true });
  await within(15_000, phone.goto(`${baseUrl}${controlPath}#key=${encodeURIComponent(organiserKey)}`), "the panel on a phone");
  await waitFor(phone, "the phone panel connected", () => document.body.dataset.connection === "live");
  await waitFor(phone, "the phone's share panel", () => document.querySelector("[data-testid=rally-id]"));
  result.phoneOverflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  await phone.locator("[data-testid=share]").scrollIntoViewIfNeeded();
  result.screenshots.push(await screenshot(phone, "control-share-phone"));

  // Rotating the key: the panel reopens on a new key, and the old one opens nothing more.
  await page.click("[data-testid=rotate-key]");
  await Promise.all([page.waitForEvent("load"), page.click("[data-testid=rotate-key]")]);
  await waitFor(page, "the panel on its new key", () => document.body.dataset.connection === "live" && document.querySelector("[data-testid=organiser-link-url]"));
  result.rotatedOrganiserLink = await page.locator("[data-testid=organiser-link-url]").inputValue();
  const statusWith = async key => (await fetch(`${baseUrl}/api/rallies/${rallyId}`, { headers: { Authorization: `Bearer ${key}` } })).status;
  result.oldKeyStatus = await statusWith(organiserKey);
  result.newKeyStatus = await statusWith(decodeURIComponent(result.rotatedOrganiserLink.split("#key=")[1]));

  // Signing out forgets the key on this device: a new tab needs the link again.
  await page.click("[data-testid=sign-out]");
  const after = await page.context().newPage();
  await within(15_000, after.goto(`${baseUrl}${controlPath}`), "the panel after signing out");
  await waitFor(after, "the no-key message", () => document.querySelector("[data-testid=no-key]"));
  result.afterSignOut = await after.locator("[data-testid=no-key]").textContent();

  result.problems = [...page.problems, ...again.problems, ...phone.problems];
  return result;
});
