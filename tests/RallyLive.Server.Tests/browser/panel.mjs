// The organiser's first steps on the control panel, shared by the browser scripts that need a live rally with a poll.
import { waitFor, within } from "./common.mjs";

/** Opens the control panel of `created` (from POST /api/rallies), goes live and opens a Yes/No poll; returns its id. */
export const goLiveWithPoll = async (page, base, created, question) => {
  await within(15_000, page.goto(`${base}/rallies/${created.rallyId}/control#key=${created.organiserKey}`), "the control panel");
  await waitFor(page, "the live banner", () => document.body.dataset.connection === "live");
  await page.click("[data-testid=go-live]");
  await page.fill("[data-testid=poll-question]", question);
  await page.locator("[data-testid=poll-option]").nth(0).fill("Yes");
  await page.locator("[data-testid=poll-option]").nth(1).fill("No");
  await page.click("[data-testid=create-poll]");
  await waitFor(page, "the open poll", () => document.querySelector("[data-testid=poll][data-status=Open]"));
  return page.locator("[data-testid=poll]").first().getAttribute("data-poll-id");
};
