// The viewer page on a phone (390×844) first: the stream, who is on stage, the reactions and the chat are on the first
// screen; the connection says "Connected" while the rally says "Live"; a poll that opens and an item that is pinned
// arrive as a banner that scrolls to them; each poll option shows once; emoji come from the bundled colour font.
// Then the same page on a laptop (1440×900). Screenshots of both.
import { join } from "node:path";
import { config, openPage, run, screenshot } from "./common.mjs";
import { joinAsViewer, patience } from "./viewer-common.mjs";
import { connectOrganiser } from "./viewers.mjs";

/** Where an element is on the screen, in CSS pixels, or null when it is not on the page. */
const rect = (page, selector) => page.evaluate(s => {
  const element = document.querySelector(s);
  if (!element) {
    return null;
  }
  const r = element.getBoundingClientRect();
  return { top: Math.round(r.top), bottom: Math.round(r.bottom), left: Math.round(r.left), right: Math.round(r.right) };
}, selector);

/** Whether the element is wholly within the visible screen. */
const onScreen = (page, selector) => page.waitForFunction(s => {
  const r = document.querySelector(s)?.getBoundingClientRect();
  return r && r.top >= 0 && r.bottom <= window.innerHeight;
}, selector, { timeout: patience, polling: 100 });

await run(async browser => {
  const organiser = await connectOrganiser(config.baseUrl, config.organiserKey);
  await organiser.invoke("GoLive");
  const phone = await openPage(browser, { phone: true });
  await joinAsViewer(browser, "Cy", { page: phone });
  await phone.waitForFunction(() => document.querySelector('[data-testid="speaker"]')?.textContent === "Elara Vale", null, { timeout: patience });
  await phone.evaluate(() => window.scrollTo(0, 0));

  // The first screen, before any scrolling.
  const firstScreen = {
    height: await phone.evaluate(() => window.innerHeight),
    embed: await rect(phone, '[data-testid="embed"]'),
    speaker: await rect(phone, '[data-testid="speaker"]'),
    reactions: await rect(phone, '[data-testid="reactions"]'),
    chat: await rect(phone, '[data-testid="chat"]'),
    chatInput: await rect(phone, '[data-testid="chat-input"]'),
  };
  const words = {
    connection: (await phone.textContent('[data-testid="connection"]')).trim(),
    rally: (await phone.textContent('[data-testid="rally-status"]')).trim(),
  };
  // Emoji: the reaction buttons' symbols are drawn with the bundled Noto Color Emoji, fetched from this server.
  const symbols = await phone.$$eval(".reaction-symbol", spans => spans.map(s => s.textContent).join(""));
  await phone.waitForFunction(async text => {
    await document.fonts.load('28px "Noto Color Emoji"', text);
    return document.fonts.check('28px "Noto Color Emoji"', text);
  }, symbols, { timeout: patience, polling: 200 });
  // Drawn in colour: the symbols painted with the page's emoji font have coloured pixels (an empty or black-and-white
  // glyph has none).
  const emojiColourPixels = await phone.evaluate(text => {
    const canvas = document.createElement("canvas");
    canvas.width = 60 * [...text].length;
    canvas.height = 60;
    const context = canvas.getContext("2d");
    context.font = '40px "Noto Color Emoji"';
    context.textBaseline = "top";
    context.fillText(text, 0, 5);
    const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
    let coloured = 0;
    for (let i = 0; i < pixels.length; i += 4) {
      const [r, g, b, a] = [pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]];
      coloured += a > 128 && Math.max(r, g, b) - Math.min(r, g, b) > 60 ? 1 : 0;
    }
    return coloured;
  }, symbols);
  const emojiFont = await phone.evaluate(() => performance.getEntriesByType("resource")
    .filter(entry => /noto-color-emoji.*\.woff2$/.test(entry.name)).map(entry => new URL(entry.name).origin === location.origin));
  const firstShot = join(config.screenshotDirectory, "viewer-phone-first-screen.png");
  await phone.screenshot({ path: firstShot });

  // A poll opens while the viewer is at the top: a banner says so; tapping it brings the poll on screen.
  await phone.evaluate(() => window.scrollTo(0, 0));
  const poll = await organiser.invoke("CreatePoll", { question: "Should smile technology follow a public ethical standard?", options: ["Yes", "No", "Undecided"], visibility: "Live" });
  await organiser.invoke("OpenPoll", { pollId: poll.pollId });
  await phone.waitForSelector('[data-testid="arrival"][data-kind="poll"]', { timeout: patience });
  const pollArrival = (await phone.textContent('[data-testid="arrival-text"]')).trim();
  const pollBannerShot = join(config.screenshotDirectory, "viewer-phone-new-poll.png");
  await phone.screenshot({ path: pollBannerShot });
  await phone.click('[data-testid="arrival-show"]');
  await onScreen(phone, '[data-testid="poll"]');
  const optionTexts = await phone.$$eval('[data-testid="poll"] .literal', spans => spans.map(s => s.textContent));
  const optionButtons = await phone.$$eval('[data-testid="poll-option"]', buttons => buttons.length);
  const arrivalGone = await phone.$('[data-testid="arrival"]') === null;

  // An item is pinned: the banner again, and tapping it scrolls to the pinned item.
  await phone.evaluate(() => window.scrollTo(0, 0));
  await organiser.invoke("Pin", { text: "Doors close at nine", kind: "Announcement" });
  await phone.waitForSelector('[data-testid="arrival"][data-kind="pin"]', { timeout: patience });
  const pinArrival = (await phone.textContent('[data-testid="arrival-text"]')).trim();
  await phone.click('[data-testid="arrival-show"]');
  await onScreen(phone, '[data-testid="pin"]');
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
  const phoneShot = await screenshot(phone, "viewer-phone-full");

  // The laptop.
  const laptop = await joinAsViewer(browser, "Dee");
  await laptop.waitForSelector('[data-testid="poll-option"]', { timeout: patience });
  const laptopOptionButtons = await laptop.$$eval('[data-testid="poll-option"]', buttons => buttons.length);
  const laptopShot = await screenshot(laptop, "viewer-laptop");

  await organiser.stop();
  return {
    firstScreen, words, emojiFont, emojiColourPixels, pollArrival, optionTexts, optionButtons, arrivalGone, pinArrival, overflow, laptopOptionButtons,
    problems: [...phone.problems, ...laptop.problems], screenshots: [firstShot, pollBannerShot, phoneShot, laptopShot],
  };
});
