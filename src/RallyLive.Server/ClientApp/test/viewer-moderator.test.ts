// Unit tests of the moderator console's pure rules: actions per state, slow mode input, policy times, the queue's order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { durationInWords, formatClock } from "../src/shared/format.js";
import { describeAudit, timeSpanSeconds } from "../src/shared/moderation.js";
import { timedOutWords } from "../src/pages/viewer/chat.js";
import { actionsFor, parseSlowMode, queueOrder } from "../src/pages/moderator/rules.js";

test("only the actions a message's state allows are offered", () => {
  assert.deepEqual(actionsFor("Visible"), ["Hide", "Delete"]);
  assert.deepEqual(actionsFor("Held"), ["Approve", "Hide", "Delete"]);
  assert.deepEqual(actionsFor("Hidden"), ["Restore", "Delete"]);
  assert.deepEqual(actionsFor("Deleted"), []);
});

test("slow mode takes whole seconds from 0 to 600 and says why otherwise", () => {
  assert.deepEqual(parseSlowMode("0"), { seconds: 0 });
  assert.deepEqual(parseSlowMode(" 30 "), { seconds: 30 });
  assert.deepEqual(parseSlowMode("600"), { seconds: 600 });
  for (const bad of ["", "-1", "2.5", "ten", "601", "1e3"]) {
    assert.ok("error" in parseSlowMode(bad), bad);
  }
});

test("TimeSpans from the policy read as seconds", () => {
  assert.equal(timeSpanSeconds(null), 0);
  assert.equal(timeSpanSeconds("00:00:10"), 10);
  assert.equal(timeSpanSeconds("00:10:00"), 600);
  assert.equal(timeSpanSeconds("1.02:03:04.5"), 93_784);
  assert.equal(timeSpanSeconds("garbage"), 0);
});

test("the queue runs oldest first across streams, ties by id", () => {
  const messages = [
    { id: "b", at: "2026-11-29T04:00:01.5+00:00" },
    { id: "a", at: "2026-11-29T04:00:01.5+00:00" },
    { id: "c", at: "2026-11-29T04:00:01+00:00" },
    { id: "d", at: "2026-11-29T03:59:59.999+00:00" },
  ];
  assert.deepEqual(messages.sort(queueOrder).map(m => m.id), ["d", "c", "a", "b"]);
});

test("an audit line reads as a sentence with names, the message and its reason, never internal ids", () => {
  const named = { moderatorId: "mod-70b0", moderatorName: "Ezra", viewerName: "Troll" };
  assert.equal(describeAudit({ sequence: 1, at: "", ...named, action: "HideMessage", target: "main-stage/main-stage:1", reason: "spam", messageText: "buy followers" }),
    "Ezra hid Troll's message “buy followers” (spam)");
  assert.equal(describeAudit({ sequence: 2, at: "", ...named, action: "TimeOutViewer", target: "v-9", reason: null, duration: "00:05:00" }), "Ezra timed out Troll for 5 minutes");
  assert.equal(describeAudit({ sequence: 3, at: "", ...named, action: "BanViewer", target: "v-9", reason: "raid" }), "Ezra banned Troll (raid)");
  assert.equal(describeAudit({ sequence: 4, at: "", ...named, action: "SetChatModes", target: "slow 10s, hold off, shield off", reason: null }),
    "Ezra set chat modes: slow 10s, hold off, shield off");
  assert.equal(describeAudit({ sequence: 7, at: "", ...named, action: "ApproveQuestion", target: "questions/q3", reason: null, messageText: "Where next?" }),
    "Ezra approved Troll's question “Where next?”");
  assert.equal(describeAudit({ sequence: 8, at: "", ...named, action: "RejectQuestion", target: "questions/q4", reason: null, messageText: "Why?" }),
    "Ezra turned down Troll's question “Why?”");
  // Lines the server could not name (older ones, a viewer never seen in chat) still show no ids.
  const bare = describeAudit({ sequence: 5, at: "", moderatorId: "mod-70b0", action: "DeleteMessage", target: "main-stage/main-stage:1", reason: null });
  assert.equal(bare, "A moderator deleted a message");
  assert.equal(describeAudit({ sequence: 6, at: "", moderatorId: "mod-70b0", action: "UnbanViewer", target: "v-9", reason: null }), "A moderator unbanned a viewer");
});

test("a timed-out viewer reads a local time and how long", () => {
  const until = Date.UTC(2026, 11, 5, 8, 22, 2);
  const words = timedOutWords("You are timed out until 2026-12-05 08:22:02Z.", until - 299_000);
  assert.equal(words, `A moderator timed you out: you can chat again at ${formatClock(new Date(until))}, in 5 minutes.`);
  assert.doesNotMatch(words, /Z|2026/);
  assert.match(timedOutWords("You are timed out until 2026-12-05 08:22:02Z.", until - 20_000), /in 20 seconds\.$/);
  assert.equal(timedOutWords("You are timed out.", until), "A moderator timed you out: you cannot chat for now.");
  assert.deepEqual([45, 60, 300, 5400, 86_400, 90_000].map(durationInWords), ["45 seconds", "1 minute", "5 minutes", "1 hour 30 minutes", "1 day", "1 day 1 hour"]);
});
