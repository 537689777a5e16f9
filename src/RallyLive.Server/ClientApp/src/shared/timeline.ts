// The sentiment timeline's data, from the server's SentimentBuckets and the run of show: pure functions, so the
// control panel and the report build the same picture (and tests check it without a browser).
import type { RallySnapshot, SentimentBucket } from "./types.js";

/** Aligned series for the chart: x in Unix seconds (every second), then the rally's smoothed index and each stream's (null: a gap). */
export interface TimelineData {
  xs: number[];
  rally: (number | null)[];
  streams: { streamId: string; values: (number | null)[] }[];
}

/** A shaded stretch of the chart: one run-of-show segment, labelled with its speaker (or its title); `title` is the segment's. */
export interface TimelineSegment { start: number; end: number | null; label: string; title: string; index: number }

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

/** How many seconds the chart's lines average: a second alone swings with a handful of taps. */
export const smoothingSeconds = 5;

/** Whether anyone reacted or chatted in a bucket's second: a silent second's index (0) says nothing about the mood. */
export const hasActivity = (bucket: SentimentBucket): boolean =>
  bucket.chatMessages > 0 || Object.values(bucket.reactions).some(count => count > 0);

/**
 * The series of the rally (buckets without a stream) and of each stream in `streamIds`, on one axis of whole seconds
 * from the first bucket to the last. Each value is the mean sentiment index of the seconds with activity in the
 * `smoothing` seconds up to it (a trailing moving average), and null (a gap in the line) where none had any.
 */
export function timelineData(buckets: Iterable<SentimentBucket>, streamIds: readonly string[], smoothing = smoothingSeconds): TimelineData {
  const active = new Map<string, Map<number, number>>();
  let first = Infinity;
  let last = -Infinity;
  for (const bucket of buckets) {
    const second = seconds(bucket.second);
    first = Math.min(first, second);
    last = Math.max(last, second);
    if (!hasActivity(bucket)) {
      continue;
    }
    const series = bucket.streamId ?? "";
    let values = active.get(series);
    if (!values) {
      values = new Map();
      active.set(series, values);
    }
    values.set(second, bucket.sentimentIndex);
  }
  const xs: number[] = [];
  for (let x = first; x <= last; x++) {
    xs.push(x);
  }
  const smoothed = (series: string) => xs.map(x => {
    const values = active.get(series);
    let sum = 0;
    let count = 0;
    for (let s = x - smoothing + 1; s <= x; s++) {
      const value = values?.get(s);
      if (value !== undefined) {
        sum += value;
        count++;
      }
    }
    return count > 0 ? sum / count : null;
  });
  return {
    xs,
    rally: smoothed(""),
    streams: streamIds.map(streamId => ({ streamId, values: smoothed(streamId) })),
  };
}

/** The segments of the run of show that have started, labelled with the speaker's name or the segment's title. */
export function timelineSegments(rally: Pick<RallySnapshot, "runOfShow" | "speakers">): TimelineSegment[] {
  return rally.runOfShow.filter(segment => segment.startedAt).map(segment => ({
    index: segment.index,
    start: seconds(segment.startedAt!),
    end: segment.endedAt ? seconds(segment.endedAt) : null,
    label: rally.speakers.find(s => s.id === segment.speakerId)?.name ?? segment.title,
    title: segment.title,
  }));
}
