// The sentiment timeline's data, from the server's SentimentBuckets and the run of show: pure functions, so the
// control panel and the report build the same picture (and tests check it without a browser).
import type { RallySnapshot, SentimentBucket } from "./types.js";

/** Aligned series for the chart: x in Unix seconds, then the rally's index and each stream's (null where none). */
export interface TimelineData {
  xs: number[];
  rally: (number | null)[];
  streams: { streamId: string; values: (number | null)[] }[];
}

/** A shaded stretch of the chart: one run-of-show segment, labelled with its speaker (or its title). */
export interface TimelineSegment { start: number; end: number | null; label: string; index: number }

const seconds = (iso: string) => Math.floor(Date.parse(iso) / 1000);

/** Keeps the newest bucket per (second, stream): the server may send a second again as it completes. */
export function mergeBuckets(existing: Map<string, SentimentBucket>, incoming: readonly SentimentBucket[], keepSeconds = 600): void {
  for (const bucket of incoming) {
    existing.set(`${bucket.streamId ?? ""}|${seconds(bucket.second)}`, bucket);
  }
  let newest = 0;
  for (const bucket of existing.values()) {
    newest = Math.max(newest, seconds(bucket.second));
  }
  for (const [key, bucket] of existing) {
    if (seconds(bucket.second) < newest - keepSeconds) {
      existing.delete(key);
    }
  }
}

/** The series of the rally (buckets without a stream) and of each stream in `streamIds`, on one time axis. */
export function timelineData(buckets: Iterable<SentimentBucket>, streamIds: readonly string[]): TimelineData {
  const bySecond = new Map<number, Map<string, number>>();
  for (const bucket of buckets) {
    const second = seconds(bucket.second);
    let row = bySecond.get(second);
    if (!row) {
      row = new Map();
      bySecond.set(second, row);
    }
    row.set(bucket.streamId ?? "", bucket.sentimentIndex);
  }
  const xs = [...bySecond.keys()].sort((a, b) => a - b);
  return {
    xs,
    rally: xs.map(x => bySecond.get(x)!.get("") ?? null),
    streams: streamIds.map(streamId => ({ streamId, values: xs.map(x => bySecond.get(x)!.get(streamId) ?? null) })),
  };
}

/** The segments of the run of show that have started, labelled with the speaker's name or the segment's title. */
export function timelineSegments(rally: Pick<RallySnapshot, "runOfShow" | "speakers">): TimelineSegment[] {
  return rally.runOfShow.filter(segment => segment.startedAt).map(segment => ({
    index: segment.index,
    start: seconds(segment.startedAt!),
    end: segment.endedAt ? seconds(segment.endedAt) : null,
    label: rally.speakers.find(s => s.id === segment.speakerId)?.name ?? segment.title,
  }));
}
