// Two viewers (two browser contexts) react and vote with confirmation; the totals and tallies each sees come from the
// server; a reload, and a second tab of the same browser, keep the viewer's id and "voted" state. Screenshots: the viewer page, and phone-sized.
import { config, openPage, run, screenshot } from "./common.mjs";
import { joinAsViewer, patience, reactionTotalOn, talliesOn, until, vote } from "./viewer-common.mjs";

await run(async browser => {
  const ana = await joinAsViewer(browser, "Ana");
  const bo = await joinAsViewer(browser, "Bo");

  // Reactions: Ana taps, Bo (who taps nothing) sees bursts and the total from the server's frames. Bursts float
  // for under two seconds, so Bo's page counts every one that starts.
  await bo.evaluate(() => {
    window.__cheerBursts = 0;
    new MutationObserver(records => {
      for (const record of records) {
        window.__cheerBursts += [...record.addedNodes].filter(node => node.matches?.('.burst[data-kind="cheer"]')).length;
      }
    }).observe(document.querySelector(".bursts"), { childList: true });
  });
  for (let i = 0; i < config.cheers; i++) {
    await ana.click('[data-testid="react"][data-kind="cheer"]');
  }
  for (let i = 0; i < config.claps; i++) {
    await bo.click('[data-testid="react"][data-kind="clap"]');
  }
  const totals = {};
  for (const [name, page] of [["ana", ana], ["bo", bo]]) {
    totals[name] = {
      cheer: await until(page, `${name}'s cheer total`, p => reactionTotalOn(p, "cheer"), config.cheers),
      clap: await until(page, `${name}'s clap total`, p => reactionTotalOn(p, "clap"), config.claps),
    };
  }

  const cheerBurstsOnBo = await bo.evaluate(() => window.__cheerBursts);

  // Voting: choosing is not voting; the confirmation sends it. Bo then changes his vote.
  await ana.click('[data-testid="poll-option"][data-index="0"]');
  const confirmationShown = await ana.isVisible('[data-testid="poll-confirm"]');
  const talliesBeforeConfirm = await talliesOn(bo);
  await ana.click('[data-testid="poll-confirm"]');
  await ana.waitForSelector('[data-testid="poll-voted"]', { timeout: patience });
  await vote(bo, 1);
  await until(bo, "Bo's first tally", talliesOn, [1, 1, 0]);
  await vote(bo, 0);
  const expected = [2, 0, 0];
  const seenByAna = await until(ana, "Ana's tally", talliesOn, expected);
  const seenByBo = await until(bo, "Bo's tally", talliesOn, expected);
  const desktop = await screenshot(bo, "viewer");

  // A reload keeps the same viewer id and the vote.
  const identityBefore = await ana.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("rallylive:viewer-identity:"))?.[1]);
  await ana.reload();
  await ana.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: patience });
  const identityAfter = await ana.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("rallylive:viewer-identity:"))?.[1]);
  const votedAfterReload = (await ana.textContent('[data-testid="poll-voted"]')).trim();
  const namePromptAfterReload = await ana.$('[data-testid="display-name"]') !== null;

  // A second tab of the same browser is the same viewer: not asked for a name, same id, the vote already there.
  const secondTab = await ana.context().newPage();
  await secondTab.goto(ana.url());
  await secondTab.waitForSelector('[data-testid="connection"][data-state="live"]', { timeout: patience });
  const secondTabIdentity = await secondTab.evaluate(() => Object.entries(localStorage).find(([k]) => k.startsWith("rallylive:viewer-identity:"))?.[1]);
  const inSecondTab = {
    namePrompt: await secondTab.$('[data-testid="display-name"]') !== null,
    sameViewer: JSON.parse(secondTabIdentity ?? "{}").viewerId === JSON.parse(identityBefore ?? "{}").viewerId,
    voted: (await secondTab.textContent('[data-testid="poll-voted"]')).trim(),
  };

  // The phone: 360×740, one column.
  const phone = await openPage(browser, { phone: true });
  await phone.setViewportSize({ width: 360, height: 740 });
  await joinAsViewer(browser, "Cy on a phone", { page: phone });
  await until(phone, "the phone's tally", talliesOn, expected);
  const phoneLayout = await phone.evaluate(() => {
    const overflow = document.documentElement.scrollWidth > window.innerWidth;
    const reactions = [...document.querySelectorAll('[data-testid="react"]')].map(b => b.getBoundingClientRect());
    const columns = new Set([...document.querySelectorAll(".viewer-layout > *")].map(e => Math.round(e.getBoundingClientRect().left))).size;
    return { overflow, smallestTarget: Math.min(...reactions.map(r => Math.min(r.width, r.height))), columns };
  });
  const phoneShot = await screenshot(phone, "viewer-phone");

  return {
    totals, cheerBurstsOnBo, confirmationShown, talliesBeforeConfirm, seenByAna, seenByBo, identitySame: !!identityBefore && JSON.parse(identityBefore).viewerId === JSON.parse(identityAfter ?? "{}").viewerId,
    votedAfterReload, namePromptAfterReload, inSecondTab, phoneLayout,
    problems: [...ana.problems, ...bo.problems, ...phone.problems], screenshots: [desktop, phoneShot],
  };
});
