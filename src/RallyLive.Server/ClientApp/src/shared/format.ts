// Numbers and times as a person reads them at a glance. Pure functions (unit-tested in test/format.test.ts).

/** 950 → "950", 12 345 → "12.3k", 2 500 000 → "2.5M". */
export function formatCount(value: number): string {
  const abs = Math.abs(value);
  if (abs >= 1_000_000) {
    return `${trim(value / 1_000_000)}M`;
  }
  if (abs >= 10_000) {
    return `${trim(value / 1_000)}k`;
  }
  return Math.round(value).toLocaleString("en-GB");
}

const trim = (value: number) => (Math.round(value * 10) / 10).toString();

/** A sentiment index in [-1, 1] with its sign: 0.423 → "+0.42", -0.1 → "−0.10", 0 → "0.00". */
export function formatSentiment(value: number): string {
  const fixed = Math.abs(value).toFixed(2);
  return value > 0.004 ? `+${fixed}` : value < -0.004 ? `−${fixed}` : "0.00";
}

/** A share of a total as a whole percentage: (1, 3) → "33%"; no total → "0%". */
export function formatPercent(part: number, total: number): string {
  return total > 0 ? `${Math.round((100 * part) / total)}%` : "0%";
}

/** A time of day, 24-hour, local: "14:03:09". */
export function formatClock(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  return date.toLocaleTimeString("en-GB", { hour12: false });
}

/** A duration in seconds as "m:ss" or "h:mm:ss": 75 → "1:15", 3725 → "1:02:05". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, "0");
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, "0")}:${rest}` : `${minutes}:${rest}`;
}

/** A length of time in words: 45 → "45 seconds", 300 → "5 minutes", 5400 → "1 hour 30 minutes", 86400 → "1 day". */
export function durationInWords(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const unit = (n: number, name: string) => `${n} ${name}${n === 1 ? "" : "s"}`;
  if (s < 60) {
    return unit(s, "second");
  }
  const days = Math.floor(s / 86_400);
  const hours = Math.floor((s % 86_400) / 3600);
  const minutes = Math.round((s % 3600) / 60);
  const parts = [days > 0 ? unit(days, "day") : null, hours > 0 ? unit(hours, "hour") : null, minutes > 0 && days === 0 ? unit(minutes, "minute") : null];
  return parts.filter(Boolean).join(" ");
}

/** A per-second rate from a count over a window in milliseconds: (30, 10 000) → "3.0/s". */
export function formatRate(count: number, windowMs: number): string {
  return `${windowMs > 0 ? ((count * 1000) / windowMs).toFixed(1) : "0.0"}/s`;
}

/** An arrow for a narrative's trend. */
export function trendArrow(trend: "Rising" | "Steady" | "Falling"): string {
  return trend === "Rising" ? "▲ rising" : trend === "Falling" ? "▼ falling" : "▶ steady";
}

/** Splits an identifier-style name into words: "OpposingSentimentSurge" → "Opposing sentiment surge". */
export function humanize(name: string): string {
  const words = name.replace(/([a-z])([A-Z])/g, "$1 $2").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/**
 * Labels of a time axis in local clock time, for ticks at Unix seconds: "14:03" when every tick falls on a whole
 * minute, else "14:03:30". Never fractions of a second.
 */
export function clockTicks(ticks: readonly number[]): string[] {
  const withSeconds = ticks.some(t => Math.round(t) % 60 !== 0);
  return ticks.map(t => new Date(Math.round(t) * 1000).toLocaleTimeString("en-GB", withSeconds
    ? { hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false }
    : { hour: "2-digit", minute: "2-digit", hour12: false }));
}

/** A sentiment tick's label, exactly its value: 1 → "+1", 0.5 → "+0.5", 0 → "0", -0.5 → "−0.5". */
export function sentimentTick(value: number): string {
  const rounded = Math.round(value * 100) / 100;
  const text = String(Math.abs(rounded));
  return rounded > 0 ? `+${text}` : rounded < 0 ? `−${text}` : "0";
}

/** Energy's unit: reactions per viewer per minute. */
export const energyUnit = " /viewer/min";

/** Energy with its unit: 12.345 → "12.3 /viewer/min". */
export function formatEnergy(value: number): string {
  return `${value.toFixed(1)}${energyUnit}`;
}

/** What "energy" means, in one line, wherever a page shows it. */
export const energyExplained = "Energy: reactions per viewer per minute — how hard the crowd is tapping, whatever the mood.";
