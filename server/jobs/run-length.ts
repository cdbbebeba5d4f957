/**
 * How many queued units a worker loop claims at once, learned from how long
 * the last claim took: as many as fit in `budgetMs`, at most `max`, never
 * more than twice the last. The time a unit holds the database is what the
 * budget bounds: on PGlite, its one connection, which pages wait for.
 */
export function runLength(options: { budgetMs: number; max: number }): {
  next(): number;
  record(units: number, ms: number): void;
} {
  let n = 1;
  return {
    next: () => n,
    record(units, ms) {
      const fit = Math.floor((options.budgetMs * units) / Math.max(ms, 1));
      n = Math.max(1, Math.min(options.max, fit, units * 2));
    },
  };
}
