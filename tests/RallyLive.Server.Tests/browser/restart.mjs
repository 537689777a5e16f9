// The server itself goes away mid-rally (killed outright) and comes back on the same address: the control panel
// shows the loss, keeps retrying with back-off, and once the server is back catches up from storage. Sequence
// numbers restart with the server, so the panel must keep applying the new server's messages: a vote cast after the
// restart shows up live. The script runs the server process itself (config.server), so it can kill and restart it.
import { spawn } from "node:child_process";
import * as signalR from "@microsoft/signalr";
import { config, openPage, run, screenshot, waitFor, within } from "./common.mjs";
import { goLiveWithPoll } from "./panel.mjs";
import { joinViewer } from "./viewers.mjs";


/** Starts the server (the built RallyLive.Server.dll) and resolves once it listens. */
const startServer = () => new Promise((resolve, reject) => {
  const child = spawn("dotnet", [config.server.dll], { env: { ...process.env, ...config.server.environment }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", chunk => {
    output += chunk;
    if (output.includes("RallyLive is running at")) {
      resolve(child);
    }
  });
  child.stderr.on("data", () => {});
  child.on("exit", code => reject(new Error(`the server exited (${code}) before it listened: ${output.slice(-2000)}`)));
});

/** The rally's current sequence number, as a fresh organiser connection's catch-up reads it. */
const currentSequence = async (base, key) => {
  const hub = new signalR.HubConnectionBuilder().withUrl(`${base}/hubs/organiser`, { accessTokenFactory: () => key })
    .configureLogging(signalR.LogLevel.None).build();
  await hub.start();
  try {
    return (await hub.invoke("CatchUp")).sequence;
  } finally {
    await hub.stop();
  }
};

const killServer = child => new Promise(resolve => {
  if (child.exitCode !== null || child.signalCode !== null) {
    resolve();
    return;
  }
  child.once("exit", () => resolve());
  child.kill("SIGKILL");
});

let server = await within(60_000, startServer(), "the server to start");
try {
  await run(async browser => {
    const base = config.baseUrl;
    const created = await (await fetch(`${base}/api/rallies`, {
      method: "POST", headers: { "content-type": "application/json" },
      body: JSON.stringify({ title: "Power cut", speakers: [], streams: [{ id: "stage", name: "Stage" }], runOfShow: [{ title: "Opening" }] }),
    })).json();

    const page = await openPage(browser);
    const pollId = await goLiveWithPoll(page, base, created, "Carry on in the dark?");
    const first = await joinViewer(base, created.rallyId, "stage", "Reed");
    await first.vote(pollId, 0);
    await first.vote(pollId, 0);
    const second = await joinViewer(base, created.rallyId, "stage", "Sam");
    await second.vote(pollId, 1);
    await waitFor(page, "two votes", () => document.querySelector("[data-testid=poll-total]")?.textContent === "2 votes");
    const sequenceBefore = await currentSequence(base, created.organiserKey);
    await Promise.all([first.stop(), second.stop()]);

    await killServer(server);
    await waitFor(page, "the reconnecting banner", () => document.body.dataset.connection === "reconnecting");
    const down = await page.evaluate(() => ({
      banner: document.querySelector("[data-testid=connection]")?.dataset.state,
      total: document.querySelector("[data-testid=poll-total]")?.textContent,
      totalOpacity: getComputedStyle(document.querySelector("[data-testid=poll-total]")).opacity,
    }));
    const downScreenshot = await screenshot(page, "control-server-down");

    server = await within(60_000, startServer(), "the server to restart");
    await waitFor(page, "the live banner after the restart", () => document.body.dataset.connection === "live", { ms: 60_000 });
    const caughtUp = await page.evaluate(() => document.querySelector("[data-testid=poll-total]")?.textContent);

    // New numbers from the restarted server must not be dropped as old.
    const third = await joinViewer(base, created.rallyId, "stage", "Kim");
    await third.vote(pollId, 1);
    await waitFor(page, "the vote after the restart", () => document.querySelector("[data-testid=poll-total]")?.textContent === "3 votes");
    const sequenceAfterRestart = await currentSequence(base, created.organiserKey);
    const tallies = await page.locator("[data-testid=poll] [data-testid=tally] strong").allTextContents();
    const upScreenshot = await screenshot(page, "control-server-back");
    await third.stop();

    const expected = p => /hubs\/organiser|ERR_CONNECTION_REFUSED|WebSocket|Failed to load resource/.test(p);
    return { down, caughtUp, tallies, sequenceBefore, sequenceAfterRestart, downScreenshot, upScreenshot, problems: page.problems.filter(p => !expected(p)) };
  });
} finally {
  await killServer(server);
}
