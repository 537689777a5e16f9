// Reaction taps, batched: the protocol takes one `React` call per quarter second carrying every tap of it, at most
// 50 of a kind per call. Taps beyond that wait for the next batch rather than being lost.

/** The most taps of one kind a single `React` call may carry (docs/protocol.md). */
export const maxPerKind = 50;

/** How often a batch is sent, in milliseconds. */
export const batchIntervalMs = 250;

/** Collects taps and hands out batches: `{ cheer: 3, clap: 1 }`, each count 1 to 50. */
export class TapBatch {
  private readonly pending = new Map<string, number>();

  /** Records `count` taps of `kind`. */
  add(kind: string, count = 1): void {
    if (count > 0) {
      this.pending.set(kind, (this.pending.get(kind) ?? 0) + count);
    }
  }

  /** Whether any tap waits to be sent. */
  get isEmpty(): boolean {
    return this.pending.size === 0;
  }

  /** Takes the next batch (at most 50 of each kind; the rest stays for the next one), or null when nothing waits. */
  take(): Record<string, number> | null {
    if (this.pending.size === 0) {
      return null;
    }
    const batch: Record<string, number> = {};
    for (const [kind, count] of this.pending) {
      const sent = Math.min(count, maxPerKind);
      batch[kind] = sent;
      if (count > sent) {
        this.pending.set(kind, count - sent);
      } else {
        this.pending.delete(kind);
      }
    }
    return batch;
  }

  /** Puts a batch that could not be sent back in front, so a later batch carries it. */
  restore(batch: Record<string, number>): void {
    for (const [kind, count] of Object.entries(batch)) {
      this.add(kind, count);
    }
  }
}

/**
 * Sends taps at most once per interval: the first tap after a quiet spell starts a timer, and when it fires every tap
 * collected meanwhile goes in one call. `send` failing (not connected, rate limited) drops that batch: stale taps
 * replayed later would not mean what the viewer meant.
 */
export class TapSender {
  private readonly batch = new TapBatch();
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly send: (counts: Record<string, number>) => Promise<unknown>,
    private readonly schedule: (run: () => void, ms: number) => ReturnType<typeof setTimeout> = (run, ms) => setTimeout(run, ms),
    private readonly intervalMs = batchIntervalMs) {}

  /** Records a tap; the batch leaves within one interval. */
  tap(kind: string): void {
    this.batch.add(kind);
    this.timer ??= this.schedule(() => void this.flush(), this.intervalMs);
  }

  /** Sends what has collected now (the timer's job; also for tests). */
  async flush(): Promise<void> {
    this.timer = null;
    const counts = this.batch.take();
    if (!counts) {
      return;
    }
    if (!this.batch.isEmpty) {
      this.timer = this.schedule(() => void this.flush(), this.intervalMs);
    }
    await this.send(counts);
  }
}
