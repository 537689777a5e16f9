// Unit tests of the moderation summary the control panel shows: chat modes in words and the figures at a moment.
import assert from "node:assert/strict";
import { test } from "node:test";
import { applyModerationChanges, describeChatModes, moderationFigures } from "../src/shared/moderation.js";
import type { ChatPolicy, ModerationSnapshot } from "../src/shared/types.js";

const open: ChatPolicy = { slowModeInterval: null, holdForReview: false, shieldModeSince: null, bannedViewers: [], timedOutUntil: {}, blockedTerms: [] };

test("chat modes read as words, open chat as slow mode off", () => {
  assert.equal(describeChatModes(open), "Slow mode off");
  assert.equal(describeChatModes({ ...open, slowModeInterval: "00:00:10", holdForReview: true, shieldModeSince: "2026-11-29T05:00:00Z" }),
    "Slow mode: one message every 10 s · holding every message · shield on");
});

test("the summary counts flags waiting, bans, and only timeouts that have not expired", () => {
  const now = Date.parse("2026-11-29T05:00:00Z");
  const moderation: ModerationSnapshot = {
    policy: {
      ...open,
      bannedViewers: ["v-1", "v-2"],
      timedOutUntil: { "v-3": "2026-11-29T05:05:00Z", "v-4": "2026-11-29T04:59:59Z" },
    },
    flagged: [{ streamId: "stage", messageId: "stage:1", reasons: ["spam"], reports: 2, firstFlaggedAt: "2026-11-29T04:58:00Z" }],
    recentAudit: [],
  };

  assert.deepEqual(moderationFigures(moderation, now), { flagged: 1, timedOut: 1, banned: 2 });
});

test("a change adds and grows flags, clears handled ones and adds each audit line once, keeping the rules unless they changed", () => {
  const flag = (messageId: string, reports: number, at: string) => ({ streamId: "stage", messageId, reasons: ["spam"], reports, firstFlaggedAt: at });
  const audit = (sequence: number) => ({ sequence, at: "2026-11-29T05:00:00Z", moderatorId: "mod-1", action: "HideMessage" as const, target: `stage/stage:${sequence}`, reason: null });
  const before: ModerationSnapshot = { policy: open, flagged: [flag("stage:1", 1, "2026-11-29T04:58:00Z"), flag("stage:2", 1, "2026-11-29T04:59:00Z")], recentAudit: [audit(1)] };

  const after = applyModerationChanges(before, {
    policy: null,
    flagged: [flag("stage:2", 3, "2026-11-29T04:59:00Z"), flag("stage:3", 1, "2026-11-29T05:00:00Z")],
    unflagged: ["stage:1"],
    audit: [audit(1), audit(2)],
  });
  const slowed = applyModerationChanges(after, { policy: { ...open, slowModeInterval: "00:00:10" }, flagged: [], unflagged: [], audit: [] });

  assert.deepEqual(after.flagged.map(f => [f.messageId, f.reports]), [["stage:2", 3], ["stage:3", 1]]);
  assert.deepEqual(after.recentAudit.map(a => a.sequence), [1, 2]);
  assert.equal(after.policy, open);
  assert.equal(slowed.policy.slowModeInterval, "00:00:10");
  assert.equal(slowed.flagged.length, 2);
});
