// Progress of a bulk action as the browser shows it: counts, rate and time
// left, from the maintained counters (never from the items themselves).

export type ProgressCounts = {
  total: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelled: number;
};

export type ProgressSample = { at: number; done: number };

export function doneCount(c: ProgressCounts): number {
  return c.succeeded + c.skipped + c.failed + c.cancelled;
}

export function remainingCount(c: ProgressCounts): number {
  return Math.max(0, c.total - doneCount(c));
}

/**
 * Cancelled, but with items the exchange was already sent still being
 * confirmed with it (a worker sends them again under their keys): live
 * until they are settled and the action finishes.
 */
export function settlingAfterCancel(view: ProgressCounts & { status: string; finishedAt: string | null }): boolean {
  return view.status === "cancelled" && view.finishedAt === null && remainingCount(view) > 0;
}

/** Whole per cent of `total` that `done` is, never 100 until nothing remains (nothing to do is done). */
export function percentOf(done: number, total: number): number {
  if (total === 0) return 100;
  const pct = Math.floor((done / total) * 100);
  return done < total ? Math.min(pct, 99) : 100;
}

/**
 * Items per second over the samples of the last `windowMs`, or null when
 * there is not enough to say (fewer than two samples, or no time between them).
 */
export function ratePerSecond(samples: readonly ProgressSample[], windowMs = 15_000): number | null {
  if (samples.length < 2) return null;
  const last = samples[samples.length - 1]!;
  const first = samples.find((s) => last.at - s.at <= windowMs) ?? samples[0]!;
  const seconds = (last.at - first.at) / 1000;
  if (seconds <= 0) return null;
  return Math.max(0, (last.done - first.done) / seconds);
}

/** Seconds left at the given rate, or null when it cannot be estimated. */
export function secondsLeft(c: ProgressCounts, rate: number | null): number | null {
  const remaining = remainingCount(c);
  if (remaining === 0) return 0;
  if (!rate || rate <= 0) return null;
  return Math.ceil(remaining / rate);
}

export function formatDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  return `${Math.floor(minutes / 60)}h ${minutes % 60}m`;
}

/** "4.4 s", "2 min 5 s", "1 h 3 min": how long a run took, to a tenth of a second while under a minute. */
export function formatElapsed(ms: number): string {
  if (ms < 60_000) return `${(Math.max(0, ms) / 1000).toFixed(1)} s`;
  const seconds = Math.round(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
