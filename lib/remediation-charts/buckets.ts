import type { TimeBucket } from "./types";

/** No time series sent to the browser is longer than this. */
export const MAX_POINTS = 240;

const HOUR_MS = 3_600_000;

const BUCKETS: readonly TimeBucket[] = [
  { hours: 1, label: "hour" },
  { hours: 3, label: "3 hours" },
  { hours: 6, label: "6 hours" },
  { hours: 12, label: "12 hours" },
  { hours: 24, label: "day" },
  { hours: 48, label: "2 days" },
  { hours: 168, label: "week" },
  { hours: 720, label: "30 days" },
];

/** The narrowest bucket that covers `spanHours` in at most MAX_POINTS buckets. */
export function chooseBucket(spanHours: number): TimeBucket {
  const span = Math.max(1, Math.ceil(spanHours));
  for (const bucket of BUCKETS) if (Math.ceil(span / bucket.hours) <= MAX_POINTS) return bucket;
  const months = Math.ceil(span / MAX_POINTS / 720);
  return { hours: 720 * months, label: `${30 * months} days` };
}

/**
 * Counts per hour since T0 (the SQL's granularity: `hour` is the whole hours
 * from T0, possibly negative) summed into `count` buckets of the chosen width,
 * starting at T0. Hours outside [0, count * width) go to the first or last
 * bucket, so totals are kept.
 */
export function sumIntoBuckets(
  rows: readonly { hour: number; n: number }[],
  bucket: TimeBucket,
  count: number,
): number[] {
  const sums = new Array<number>(count).fill(0);
  if (count === 0) return sums;
  for (const row of rows) {
    const index = Math.min(count - 1, Math.max(0, Math.floor(row.hour / bucket.hours)));
    sums[index]! += row.n;
  }
  return sums;
}

/** Bucket start times (epoch ms) from T0. */
export function bucketStarts(t0: number, bucket: TimeBucket, count: number): number[] {
  return Array.from({ length: count }, (_, i) => t0 + i * bucket.hours * HOUR_MS);
}

/** How many buckets reach from T0 to `end` (at least one). */
export function bucketCount(t0: number, end: number, bucket: TimeBucket): number {
  return Math.max(1, Math.ceil((end - t0) / (bucket.hours * HOUR_MS)));
}

/** Running totals. */
export function cumulative(values: readonly number[]): number[] {
  let total = 0;
  return values.map((value) => (total += value));
}

/**
 * The median of a distribution given as counts per whole hour: the hour the
 * middle account falls in, interpolated linearly inside it (the data has
 * hour resolution, so this is exact to within the hour). Null when empty.
 */
export function medianFromHours(rows: readonly { hour: number; n: number }[]): number | null {
  const sorted = [...rows].filter((r) => r.n > 0).sort((a, b) => a.hour - b.hour);
  const total = sorted.reduce((sum, r) => sum + r.n, 0);
  if (total === 0) return null;
  const middle = total / 2;
  let seen = 0;
  for (const row of sorted) {
    if (seen + row.n >= middle) return row.hour + (middle - seen) / row.n;
    seen += row.n;
  }
  return sorted[sorted.length - 1]!.hour + 1;
}

/** The time windows the charts offer, each from T0. */
export const CHART_RANGES = ["24h", "72h", "7d", "all"] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

export const CHART_RANGE_LABELS: Record<ChartRange, string> = {
  "24h": "First 24 h",
  "72h": "First 72 h",
  "7d": "First 7 days",
  all: "All",
};

const RANGE_HOURS: Record<Exclude<ChartRange, "all">, number> = { "24h": 24, "72h": 72, "7d": 168 };

/** A window's length in hours from T0 (the whole span for "all"). */
export function rangeHours(range: ChartRange, spanHours: number): number {
  return range === "all" ? spanHours : Math.min(RANGE_HOURS[range], spanHours);
}

/**
 * The bucket a window is drawn in: hourly through the first 72 h (the GDPR
 * clock's span, when every hour counts), 3 hours over a week, and for the
 * whole incident the narrowest that keeps it readable (about 60 bars).
 */
export function rangeBucket(range: ChartRange, spanHours: number): TimeBucket {
  if (range === "24h" || range === "72h") return BUCKETS[0]!;
  if (range === "7d") return BUCKETS[1]!;
  const span = Math.max(1, Math.ceil(spanHours));
  if (span <= 72) return BUCKETS[0]!;
  return BUCKETS.find((b) => Math.ceil(span / b.hours) <= 60) ?? chooseBucket(span);
}

/** The narrowest window that holds all of the incident's activity so far (`activeHours` from T0). */
export function defaultRange(activeHours: number): ChartRange {
  for (const range of ["24h", "72h", "7d"] as const) if (activeHours <= RANGE_HOURS[range]) return range;
  return "all";
}

/** A `?range=` value, or null when it names no window. */
export function parseChartRange(value: unknown): ChartRange | null {
  return typeof value === "string" && (CHART_RANGES as readonly string[]).includes(value) ? (value as ChartRange) : null;
}
