// Unit tests of the moderator console's pure rules: actions per state, slow mode input, policy times, the queue's order.
import assert from "node:assert/strict";
import { test } from "node:test";
import { describeAudit, timeSpanSeconds } from "../src/shared/moderation.js";
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

test("an audit line reads as a sentence with its reason", () => {
  assert.equal(describeAudit({ sequence: 1, at: "", moderatorId: "mod-1", action: "HideMessage", target: "stage/m-3", reason: "spam" }),
    "mod-1 hid message stage/m-3 (spam)");
  assert.equal(describeAudit({ sequence: 2, at: "", moderatorId: "mod-1", action: "BanViewer", target: "v-9", reason: null }), "mod-1 banned viewer v-9");
});
