// Unit tests of the timeline data and of ids made from names.
import assert from "node:assert/strict";
import { test } from "node:test";
import { slug, uniqueSlugs } from "../src/shared/ids.js";
import { mergeBuckets, timelineData, timelineSegments } from "../src/shared/timeline.js";
import type { SentimentBucket } from "../src/shared/types.js";

/** A second's bucket; `quiet` ones had no reaction and no chat (their index, 0, means nothing). */
const bucket = (second: number, streamId: string | null, sentimentIndex: number, quiet = false): SentimentBucket => ({
  second: new Date(second * 1000).toISOString(), streamId, reactions: quiet ? {} : { cheer: 1 }, chatMessages: 0, chatSentimentSum: 0, viewers: 1,
  sentimentIndex, energy: 0, segmentIndex: null, speakerId: null,
});

test("buckets line up by second, the rally's and each stream's, unsmoothed with a 1 s window", () => {
  const data = timelineData([bucket(101, null, 0.5), bucket(100, null, 0.1), bucket(100, "stage", 0.2), bucket(101, "side", -0.4)], ["stage", "side"], 1);
  assert.deepEqual(data.xs, [100, 101]);
  assert.deepEqual(data.rally, [0.1, 0.5]);
  assert.deepEqual(data.streams, [{ streamId: "stage", values: [0.2, null] }, { streamId: "side", values: [null, -0.4] }]);
});

test("the lines are a 5 s moving average of the seconds with activity: a quiet second is not a zero, a quiet stretch is a gap", () => {
  const data = timelineData([
    bucket(100, null, 1), bucket(101, null, 0, true), bucket(102, null, 0.5),
    // 103 to 107: nothing at all, then a quiet second sealed by the server's timer
    bucket(108, null, 0, true), bucket(109, null, -1),
  ], []);
  assert.deepEqual(data.xs, [100, 101, 102, 103, 104, 105, 106, 107, 108, 109]);
  assert.deepEqual(data.rally, [1, 1, 0.75, 0.75, 0.75, 0.5, 0.5, null, null, -1]);
});

test("no buckets, no points", () => {
  assert.deepEqual(timelineData([], ["stage"]), { xs: [], rally: [], streams: [{ streamId: "stage", values: [] }] });
});

test("merging keeps the newest bucket of a second and forgets those older than the window", () => {
  const buckets = new Map<string, SentimentBucket>();
  mergeBuckets(buckets, [bucket(100, null, 0.1), bucket(100, "stage", 0.1)], 60);
  mergeBuckets(buckets, [bucket(100, null, 0.3)], 60);
  assert.equal(buckets.size, 2);
  assert.deepEqual(timelineData(buckets.values(), [], 1).rally, [0.3]);
  mergeBuckets(buckets, [bucket(200, null, 0.9)], 60);
  assert.deepEqual(timelineData(buckets.values(), []).xs, [200]);
});

test("segments that started are shaded, labelled with the speaker's name or the segment's title", () => {
  const segments = timelineSegments({
    speakers: [{ id: "ada", name: "<b>Ada</b>" }],
    runOfShow: [
      { index: 0, title: "Opening", speakerId: "ada", startedAt: "2026-01-01T00:00:10Z", endedAt: "2026-01-01T00:01:00Z" },
      { index: 1, title: "Reveal", speakerId: null, startedAt: "2026-01-01T00:01:00Z", endedAt: null },
      { index: 2, title: "Later", speakerId: null, startedAt: null, endedAt: null },
    ],
  });
  const start = Date.parse("2026-01-01T00:00:10Z") / 1000;
  assert.deepEqual(segments, [
    { index: 0, start, end: start + 50, label: "<b>Ada</b>", title: "Opening" },
    { index: 1, start: start + 50, end: null, label: "Reveal", title: "Reveal" },
  ]);
});

test("ids from names are what the server accepts, and unique", () => {
  assert.equal(slug("Elara Vale", "x"), "elara-vale");
  assert.equal(slug("Zoë  Ångström!", "x"), "zoe-angstrom");
  assert.equal(slug("<script>", "speaker-1"), "script");
  assert.equal(slug("!!!", "speaker-1"), "speaker-1");
  assert.equal(slug("a".repeat(60), "x").length, 40);
  assert.deepEqual(uniqueSlugs(["Stage", "stage", "STAGE", ""], "stream"), ["stage", "stage-2", "stage-3", "stream-4"]);
  for (const id of uniqueSlugs(["x".repeat(50), "x".repeat(50)], "s")) {
    assert.match(id, /^[a-z0-9-]{1,40}$/);
  }
});
