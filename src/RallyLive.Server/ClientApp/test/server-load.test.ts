// Unit tests of the control panel's notice that the server sheds load: nothing while it sends everything, and what
// viewers get, in words, at each level.
import assert from "node:assert/strict";
import { test } from "node:test";
import { serverLoadText } from "../src/pages/control/serverLoad.js";
import type { DeliveryLoad } from "../src/shared/types.js";

const full: DeliveryLoad = { level: "Full", frameIntervalMs: 0, chatPerSecondPerStream: 20, since: "2026-12-07T10:00:00Z", reason: "the node keeps up" };

test("a server that sends everything shows no notice", () => {
  assert.equal(serverLoadText(full), null);
});

test("a reduced server says how often viewers get reactions, how much chat, and why", () => {
  const text = serverLoadText({ ...full, level: "Reduced", frameIntervalMs: 500, chatPerSecondPerStream: 10, reason: "the server's processors are saturated (work waited 450 ms to start)" });
  assert.equal(text, "The server is under heavy load and sends viewers less: reactions every 500 ms and at most 10 chat messages a second per stream. " +
    "Why: the server's processors are saturated (work waited 450 ms to start). Votes, chat and moderation are stored and answered as usual.");
});

test("batches of a second or more read in seconds", () => {
  assert.match(serverLoadText({ ...full, level: "Minimal", frameIntervalMs: 1000, chatPerSecondPerStream: 4 }) ?? "", /reactions once a second and at most 4 chat messages/);
  assert.match(serverLoadText({ ...full, level: "Minimal", frameIntervalMs: 2500, chatPerSecondPerStream: 4 }) ?? "", /reactions every 2.5 s and/);
});
