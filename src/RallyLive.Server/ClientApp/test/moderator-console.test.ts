// Unit tests of the moderator console's pure parts: which rows leave the bounded queue, the filters, a viewer's
// history (which audit lines are about them, merging the server's history with the console's own).
import assert from "node:assert/strict";
import { test } from "node:test";
import { rowsToEvict } from "../src/pages/moderator/chatList.js";
import { everything, matchesFilter } from "../src/pages/moderator/filters.js";
import { auditAbout, mergeNewestFirst, ViewerHistory } from "../src/pages/moderator/history.js";
import type { AuditEntry, ChatMessage } from "../src/shared/types.js";

test("the bounded queue drops the oldest rows that need no review first, then the oldest that do", () => {
  assert.deepEqual(rowsToEvict([false, false, false], 3), []);
  assert.deepEqual(rowsToEvict([true, false, true, false, false], 3), [1, 3]);
  assert.deepEqual(rowsToEvict([true, false, true, false], 1), [0, 1, 3]);
  assert.deepEqual(rowsToEvict([true, true, true], 1), [0, 1]);
});

const message = (over: Partial<ChatMessage> = {}): ChatMessage => ({
  id: "stage:1", sequence: 1, streamId: "stage", viewerId: "v-1", displayName: "Reed", text: "hi", at: "2026-01-01T10:00:00Z",
  state: "Visible", reason: null, sentiment: 0, ...over,
});

test("filters: flagged, held, a stream and a viewer, each alone and together", () => {
  assert.equal(matchesFilter(everything, message(), false), true);
  assert.equal(matchesFilter({ ...everything, view: "flagged" }, message(), false), false);
  assert.equal(matchesFilter({ ...everything, view: "flagged" }, message(), true), true);
  assert.equal(matchesFilter({ ...everything, view: "held" }, message(), true), false);
  assert.equal(matchesFilter({ ...everything, view: "held" }, message({ state: "Held" }), false), true);
  assert.equal(matchesFilter({ ...everything, streamId: "side" }, message(), false), false);
  assert.equal(matchesFilter({ ...everything, viewerId: "v-2" }, message(), false), false);
  assert.equal(matchesFilter({ view: "flagged", streamId: "stage", viewerId: "v-1" }, message(), true), true);
});

const entry = (sequence: number, over: Partial<AuditEntry>): AuditEntry => ({
  sequence, at: "2026-01-01T10:00:00Z", moderatorId: "mod-1", action: "HideMessage", target: "", reason: null, ...over,
});

test("the audit lines about a viewer: named as its viewer, or older lines targeting them or their messages", () => {
  const audit = [
    entry(1, { action: "TimeOutViewer", target: "v-1" }),
    entry(2, { target: "stage/stage:1" }),
    entry(3, { target: "stage/stage:9", viewerId: "v-1" }),
    entry(4, { target: "stage/stage:2", viewerId: "v-2" }),
    entry(5, { action: "BanViewer", target: "v-2", viewerId: "v-2" }),
  ];
  assert.deepEqual(auditAbout("v-1", [message()], audit).map(e => e.sequence), [1, 2, 3]);
});

test("the server's history and the console's own merge newest first, the console's current state winning", () => {
  const live = [message({ id: "stage:2", sequence: 2, at: "2026-01-01T10:00:02Z", state: "Hidden" })];
  const fetched = [message({ id: "stage:2", sequence: 2, at: "2026-01-01T10:00:02Z" }), message()];
  const merged = mergeNewestFirst(live, fetched, m => m.id, (a, b) => b.sequence - a.sequence);
  assert.deepEqual(merged.map(m => `${m.id} ${m.state}`), ["stage:2 Hidden", "stage:1 Visible"]);
});

test("a viewer's history keeps their latest messages and forgets the least recently active viewer", () => {
  const history = new ViewerHistory(2, 2);
  history.record(message({ id: "stage:1" }));
  history.record(message({ id: "stage:2" }));
  history.record(message({ id: "stage:3", displayName: "Reed R." }));
  assert.deepEqual(history.messagesOf("v-1").map(m => m.id), ["stage:2", "stage:3"]);
  assert.equal(history.get("stage:1"), undefined);
  assert.equal(history.nameOf("v-1"), "Reed R.");
  history.record(message({ id: "stage:4", viewerId: "v-2" }));
  history.record(message({ id: "stage:5", viewerId: "v-3" }));
  assert.deepEqual(history.messagesOf("v-1"), []);
  assert.equal(history.get("stage:3"), undefined);
  assert.equal(history.nameOf("v-3"), "Reed");
});
