// Unit tests of the pure shared modules, run by `npm test` with node's built-in test runner.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError, hubErrorToError, problemToError } from "../src/shared/api.js";
import { clockTicks, formatCount, formatDuration, formatEnergy, formatPercent, formatRate, formatSentiment, humanize, sentimentTick } from "../src/shared/format.js";
import { keyFromFragment, linkWithKey, ralliesWithKeys, rallyIdFromPath } from "../src/shared/keys.js";
import { SequenceGate, reconnectDelay } from "../src/shared/live.js";
// @ts-expect-error: a plain ES module without types
import { findUnsafe } from "../scripts/check-safe-dom.mjs";

test("reconnect delays start at about 1 s, double, and never pass 30 s", () => {
  const middle = () => 0.5;
  assert.deepEqual([0, 1, 2, 3, 4, 5, 6, 20].map(attempt => reconnectDelay(attempt, middle)), [1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000]);
  for (let attempt = 0; attempt < 12; attempt++) {
    const base = Math.min(30_000, 1000 * 2 ** attempt);
    assert.ok(reconnectDelay(attempt, () => 0) >= base * 0.8 - 1, `attempt ${attempt} low`);
    assert.ok(reconnectDelay(attempt, () => 0.999) <= 30_000, `attempt ${attempt} high`);
  }
  assert.notEqual(reconnectDelay(2, () => 0), reconnectDelay(2, () => 0.99), "jitter spreads clients out");
});

test("the sequence gate drops what was applied and holds messages during a catch-up", () => {
  const gate = new SequenceGate();
  const seen: number[] = [];
  const offer = (n: number) => gate.offer(n, () => seen.push(n));
  offer(1);
  offer(3);
  offer(2);   // older than applied: dropped
  assert.deepEqual(seen, [1, 3]);
  gate.hold();
  offer(5);
  offer(9);
  assert.deepEqual(seen, [1, 3], "held while the catch-up runs");
  gate.settle(7);   // the snapshot covers 5
  assert.deepEqual(seen, [1, 3, 9]);
  assert.equal(gate.dropped, 2);
  gate.hold();
  gate.settle(2);   // the server restarted: numbers begin again
  offer(3);
  assert.deepEqual(seen, [1, 3, 9, 3]);
});

test("an abandoned catch-up forgets what it held", () => {
  const gate = new SequenceGate();
  const seen: number[] = [];
  gate.hold();
  gate.offer(4, () => seen.push(4));
  gate.abandon();
  gate.offer(5, () => seen.push(5));
  assert.deepEqual(seen, [5]);
});

test("keys come from the fragment and rally ids from the path", () => {
  assert.equal(keyFromFragment("#key=CfDJ8abc-_x"), "CfDJ8abc-_x");
  assert.equal(keyFromFragment("#other=1"), null);
  assert.equal(keyFromFragment(""), null);
  assert.equal(keyFromFragment("#key="), null);
  assert.equal(keyFromFragment(linkWithKey("/x", "a+b/c=").split("#")[1]!), "a+b/c=");
  assert.equal(rallyIdFromPath("/rallies/r-0a1b/control"), "r-0a1b");
  assert.equal(rallyIdFromPath("/rallies/R-UPPER/control"), null);
  assert.equal(rallyIdFromPath("/other"), null);
});

test("refusals carry the protocol's code", () => {
  const problem = problemToError(409, { status: 409, title: "PollClosed", detail: "The poll has closed.", code: "PollClosed" });
  assert.ok(problem instanceof ApiError);
  assert.equal(problem.code, "PollClosed");
  assert.equal(problem.message, "The poll has closed.");
  assert.equal(problemToError(401, null).code, "Unauthenticated");
  assert.equal(problemToError(500, "oops").code, "HttpError");
  const hub = hubErrorToError(new Error("An unexpected error occurred invoking 'ClosePoll' on the server. HubException: PollClosed: The poll has closed."));
  assert.equal(hub.code, "PollClosed");
  assert.equal(hub.message, "The poll has closed.");
  assert.equal(hubErrorToError(new Error("PollNotFound: No such poll.")).code, "PollNotFound");
  assert.equal(hubErrorToError(new Error("boom")).code, "HubError");
});

test("figures format for a glance", () => {
  assert.equal(formatCount(950), "950");
  assert.equal(formatCount(12_345), "12.3k");
  assert.equal(formatCount(2_500_000), "2.5M");
  assert.equal(formatSentiment(0.423), "+0.42");
  assert.equal(formatSentiment(-0.1), "−0.10");
  assert.equal(formatSentiment(0), "0.00");
  assert.equal(formatPercent(1, 3), "33%");
  assert.equal(formatPercent(1, 0), "0%");
  assert.equal(formatDuration(75), "1:15");
  assert.equal(formatDuration(3725), "1:02:05");
  assert.equal(formatRate(30, 10_000), "3.0/s");
  assert.equal(humanize("OpposingSentimentSurge"), "Opposing sentiment surge");
});

test("the safe-DOM check flags markup and code built from strings, and passes h()", () => {
  for (const bad of ["el.innerHTML = text", "el.insertAdjacentHTML('beforeend', x)", "document.write(x)", "eval(code)",
    "new Function(code)", "el.setAttribute('onclick', x)", "a.href = 'javascript:alert(1)'", "el.outerHTML = x"]) {
    assert.equal(findUnsafe(bad).length, 1, bad);
  }
  assert.deepEqual(findUnsafe("h('p', {}, message.text); el.textContent = name; retrieval(x)"), []);
});

test("the rallies a device is signed in to are read from the stored keys' names, per role", () => {
  const names = ["rallylive:organiser:r-2", "rallylive:moderator:r-3", "rallylive:organiser:r-1", "other", "rallylive:organiser:BAD id", "rallylive:viewer:r-1"];
  assert.deepEqual(ralliesWithKeys(names, "organiser"), ["r-1", "r-2"]);
  assert.deepEqual(ralliesWithKeys(names, "moderator"), ["r-3"]);
  assert.deepEqual(ralliesWithKeys([], "organiser"), []);
});

test("chart ticks read as their values: sentiment exactly, time as local clock times without fractions", () => {
  assert.deepEqual([-1, -0.5, 0, 0.5, 1, 0.75].map(sentimentTick), ["−1", "−0.5", "0", "+0.5", "+1", "+0.75"]);
  const minute = Date.UTC(2026, 11, 6, 14, 3, 0) / 1000;
  const local = (t: number, seconds: boolean) => new Date(t * 1000).toLocaleTimeString("en-GB", seconds
    ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false } : { hour: "2-digit", minute: "2-digit", hour12: false });
  assert.deepEqual(clockTicks([minute, minute + 60]), [local(minute, false), local(minute + 60, false)]);
  assert.deepEqual(clockTicks([minute, minute + 30]), [local(minute, true), local(minute + 30, true)]);
  assert.match(clockTicks([minute + 42.5])[0]!, /^\d\d:\d\d:\d\d$/);
  assert.equal(formatEnergy(540), "540.0 /viewer/min");
});
