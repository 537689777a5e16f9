// A moderator hides a message from the console (it disappears from the viewer page), deletes one with the keyboard,
// times a viewer out (the viewer sees the refusal), sets slow mode (another viewer sees it with its interval) and bans
// a viewer (who sees the removed state). Screenshots: the console and the viewer page.
import { run, screenshot } from "./common.mjs";
import { chat, joinAsViewer, openConsole, patience } from "./viewer-common.mjs";

const row = text => `[data-testid="queue-message"]:has([data-testid="queue-text"]:text-is("${text}"))`;
const onViewerPage = text => `[data-testid="chat-message"]:has([data-testid="chat-text"]:text-is("${text}"))`;

await run(async browser => {
  const reed = await joinAsViewer(browser, "Reed");
  const sol = await joinAsViewer(browser, "Sol");
  const console = await openConsole(browser);

  const accepted = [await chat(reed, "First message from Reed"), await chat(reed, "Second message from Reed"), await chat(sol, "Hello from Sol")];
  for (const text of ["First message from Reed", "Second message from Reed", "Hello from Sol"]) {
    await sol.waitForSelector(onViewerPage(text), { timeout: patience });
    await console.waitForSelector(row(text), { timeout: patience });
  }
  const streamLabel = (await console.textContent(`${row("Hello from Sol")} [data-testid="queue-stream"]`)).trim();
  const offeredOnVisible = await console.$$eval(`${row("Hello from Sol")} [data-action]`, buttons => buttons.map(b => b.dataset.action));

  // Hide with one click: gone from the other viewer's page, marked hidden in the console, in the audit log.
  await console.click(`${row("First message from Reed")} [data-testid="action-hide"]`);
  await sol.waitForSelector(onViewerPage("First message from Reed"), { state: "detached", timeout: patience });
  await console.waitForSelector(`${row("First message from Reed")}[data-state="Hidden"]`, { timeout: patience });
  const offeredOnHidden = await console.$$eval(`${row("First message from Reed")} [data-action]`, buttons => buttons.map(b => b.dataset.action));
  await console.waitForSelector('[data-testid="audit-entry"][data-action="HideMessage"]', { timeout: patience });

  // Restore: back on the viewer's page, in its place; then hidden again.
  await console.click(`${row("First message from Reed")} [data-testid="action-restore"]`);
  await sol.waitForSelector(onViewerPage("First message from Reed"), { timeout: patience });
  const orderAfterRestore = await sol.$$eval('[data-testid="chat-text"]', texts => texts.map(t => t.textContent));
  await console.click(`${row("First message from Reed")} [data-testid="action-hide"]`);
  await sol.waitForSelector(onViewerPage("First message from Reed"), { state: "detached", timeout: patience });

  // A viewer reports a message: it enters the flagged queue with the reason, and is marked in the queue.
  await reed.click(`${onViewerPage("Hello from Sol")} [data-testid="report"]`);
  await reed.selectOption(`${onViewerPage("Hello from Sol")} [data-testid="report-reason"]`, "Spam");
  await reed.click(`${onViewerPage("Hello from Sol")} .report-form button[type="submit"]`);
  await console.waitForSelector('[data-testid="flagged"]', { timeout: patience });
  const flaggedText = (await console.textContent('[data-testid="flagged"]')).trim();
  await console.waitForSelector(`${row("Hello from Sol")} [data-testid="queue-flags"]`, { timeout: patience });
  const reportOfferedOnOwn = await reed.$(`${onViewerPage("First message from Reed")} [data-testid="report"]`) !== null;

  // The keyboard: focus a message and press d to delete it.
  await console.focus(row("Second message from Reed"));
  await console.keyboard.press("d");
  await sol.waitForSelector(onViewerPage("Second message from Reed"), { state: "detached", timeout: patience });
  await console.waitForSelector(`${row("Second message from Reed")}[data-state="Deleted"]`, { timeout: patience });

  // Time Reed out for five minutes: his next message is refused, and he is told why.
  await console.selectOption(`${row("First message from Reed")} [data-testid="timeout-duration"]`, "300");
  await console.click(`${row("First message from Reed")} [data-testid="action-timeout"]`);
  await console.waitForSelector('[data-testid="timed-out-viewer"]', { timeout: patience });
  const timedOutRefusal = await chat(reed, "Am I still here?");

  // Slow mode, 30 seconds: Sol's second message is refused with the interval.
  await console.fill('[data-testid="slow-mode"]', "30");
  await console.click('[data-testid="slow-mode-set"]');
  await console.waitForSelector('[data-testid="modes-state"]:has-text("every 30 s")', { timeout: patience });
  const firstUnderSlowMode = await chat(sol, "One under slow mode");
  const slowModeRefusal = await chat(sol, "Two under slow mode");
  await console.waitForSelector('[data-testid="audit-entry"][data-action="SetChatModes"]', { timeout: patience });
  await console.waitForSelector('[data-testid="audit-entry"][data-action="TimeOutViewer"]', { timeout: patience });
  const auditLines = await console.$$eval('[data-testid="audit-entry"]', entries => entries.map(e => e.textContent));
  const consoleShot = await screenshot(console, "moderator-console");
  const viewerShot = await screenshot(reed, "viewer-timed-out");

  // Ban Sol: his page says he was removed and stops reconnecting.
  await console.click(`${row("Hello from Sol")} [data-testid="action-ban"]`);
  await sol.waitForSelector('[data-testid="removed"]', { timeout: patience });
  const bannedShot = await screenshot(sol, "viewer-removed");
  await console.waitForSelector('[data-testid="banned-viewer"]', { timeout: patience });

  return {
    accepted, streamLabel, orderAfterRestore, auditLines, flaggedText, reportOfferedOnOwn, offeredOnVisible, offeredOnHidden, timedOutRefusal, firstUnderSlowMode, slowModeRefusal,
    consoleProblems: console.problems, screenshots: [consoleShot, viewerShot, bannedShot],
  };
});
