// Unit tests of the viewer page's pure modules: tap batching, the chat box's counter and refusals, what the tab remembers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { ApiError } from "../src/shared/api.js";
import { charactersLeft, chatRefusal } from "../src/pages/viewer/chat.js";
import { loadIdentity, loadVotes, saveIdentity, saveVote, type KeyValueStore } from "../src/pages/viewer/memory.js";
import { burstSize, reactionSymbol } from "../src/pages/viewer/reactions.js";
import { maxPerKind, TapBatch, TapSender } from "../src/pages/viewer/taps.js";

test("a batch carries every tap of its quarter second, at most 50 of a kind; the rest waits", () => {
  const batch = new TapBatch();
  assert.equal(batch.take(), null);
  batch.add("cheer");
  batch.add("cheer");
  batch.add("clap", 3);
  assert.deepEqual(batch.take(), { cheer: 2, clap: 3 });
  assert.equal(batch.take(), null);
  batch.add("cheer", 120);
  assert.deepEqual(batch.take(), { cheer: maxPerKind });
  assert.deepEqual(batch.take(), { cheer: maxPerKind });
  assert.deepEqual(batch.take(), { cheer: 20 });
  assert.ok(batch.isEmpty);
  batch.add("boo", 0);
  assert.ok(batch.isEmpty, "no taps is no batch");
});

test("taps within one interval leave in one call; a long burst leaves one call per interval", async () => {
  const timers: (() => void)[] = [];
  const sent: Record<string, number>[] = [];
  const sender = new TapSender(async counts => { sent.push(counts); }, run => { timers.push(run); return 0 as unknown as ReturnType<typeof setTimeout>; });
  sender.tap("cheer");
  sender.tap("cheer");
  sender.tap("love");
  assert.equal(timers.length, 1, "one timer for the whole interval");
  assert.equal(sent.length, 0, "nothing leaves before the interval ends");
  timers.shift()!();
  await Promise.resolve();
  assert.deepEqual(sent, [{ cheer: 2, love: 1 }]);
  for (let i = 0; i < 70; i++) {
    sender.tap("clap");
  }
  assert.equal(timers.length, 1);
  timers.shift()!();
  await Promise.resolve();
  assert.deepEqual(sent.at(-1), { clap: 50 });
  assert.equal(timers.length, 1, "the remainder waits for the next interval");
  timers.shift()!();
  await Promise.resolve();
  assert.deepEqual(sent.at(-1), { clap: 20 });
  assert.equal(timers.length, 0, "quiet again: no timer");
});

test("the chat counter counts characters left and says how far over the limit a message is", () => {
  assert.deepEqual(charactersLeft(""), { text: "300 left", over: false });
  assert.deepEqual(charactersLeft("  hello  "), { text: "295 left", over: false });
  assert.deepEqual(charactersLeft("x".repeat(300)), { text: "0 left", over: false });
  assert.deepEqual(charactersLeft("x".repeat(305)), { text: "5 too many", over: true });
  assert.deepEqual(charactersLeft("🎉".repeat(3), 2), { text: "1 too many", over: true }, "an emoji is one character");
});

test("each chat refusal reads plainly, with the server's detail where it matters", () => {
  const refusal = (code: string, message = "") => chatRefusal(new ApiError(code, message, 0));
  assert.match(refusal("RateLimited"), /too fast/);
  assert.match(refusal("SlowModeActive", "Slow mode: one message every 10 seconds."), /Slow mode is on\. .*every 10 seconds/);
  assert.match(refusal("ViewerTimedOut", "You are timed out until 2026-11-29 04:10:00Z."), /timed you out.*04:10:00/);
  assert.match(refusal("ViewerBanned"), /removed you/);
  assert.match(refusal("TextTooLong"), /at most 300 characters/);
  assert.match(refusal("NotConnected"), /not sent/);
  assert.match(refusal("Whatever", "Something odd."), /Something odd\. \(Whatever\)/);
  assert.equal(chatRefusal(new Error("plain")), "plain");
});

test("the tab remembers the viewer's identity and votes, and ignores anything malformed", () => {
  const data = new Map<string, string>();
  const store: KeyValueStore = { getItem: k => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: k => void data.delete(k) };
  assert.equal(loadIdentity(store, "r-1"), null);
  saveIdentity(store, "r-1", { displayName: "Reed", viewerId: "v-1", viewerToken: "t" });
  assert.deepEqual(loadIdentity(store, "r-1"), { displayName: "Reed", viewerId: "v-1", viewerToken: "t" });
  assert.equal(loadIdentity(store, "r-2"), null, "per rally");
  saveVote(store, "r-1", "v-1", "poll1", 2);
  saveVote(store, "r-1", "v-1", "poll2", 0);
  saveVote(store, "r-1", "v-1", "poll1", 1);
  assert.deepEqual(loadVotes(store, "r-1", "v-1"), { poll1: 1, poll2: 0 });
  assert.deepEqual(loadVotes(store, "r-1", "v-2"), {}, "per viewer");
  data.set("rallylive:viewer-identity:r-3", "{not json");
  assert.equal(loadIdentity(store, "r-3"), null);
  data.set("rallylive:viewer-votes:r-1:v-3", JSON.stringify({ a: -1, b: 1.5, c: "2", d: 3 }));
  assert.deepEqual(loadVotes(store, "r-1", "v-3"), { d: 3 });
});

test("reaction symbols for the default palette; bursts grow with the crowd but stay bounded", () => {
  for (const kind of ["cheer", "love", "clap", "laugh", "wow", "question", "boo", "angry"]) {
    assert.ok(reactionSymbol(kind), kind);
  }
  assert.equal(reactionSymbol("<img src=x>"), null);
  assert.deepEqual([0, 1, 3, 4].map(burstSize), [0, 1, 3, 4]);
  assert.ok(burstSize(100) > burstSize(5));
  assert.equal(burstSize(1_000_000), 12);
});
