import type { Db } from "../db";

/**
 * A repair or janitor that time calls for (a lease run out, a request nobody
 * approved, a record past its retention). Each domain lists its own; the loop
 * of the kind of work it belongs to runs them when idle. `run` returns how
 * many rows it settled. Every sweep must be safe from any number of workers
 * at once (each row changes once, under its row lock).
 */
export type Sweep = { readonly name: string; run(db: Db, at: Date): Promise<number> };

/** A registry of sweeps: domains add theirs, a loop runs them all, in the order they were added. */
export class SweepRegistry {
  private readonly sweeps: Sweep[] = [];

  add(...sweeps: Sweep[]): this {
    for (const sweep of sweeps) {
      if (this.sweeps.some((s) => s.name === sweep.name)) throw new Error(`Two sweeps are named ${sweep.name}`);
      this.sweeps.push(sweep);
    }
    return this;
  }

  /** Runs every sweep once, in order; what each settled, by name. */
  async run(db: Db, at: Date): Promise<Record<string, number>> {
    const settled: Record<string, number> = {};
    for (const sweep of this.sweeps) settled[sweep.name] = await sweep.run(db, at);
    return settled;
  }
}

/**
 * What a sweep whose work on a key (a partition, an incident) failed in a way
 * the next run will not mend (a bug, a full disk) holds back: that key is
 * tried again by this process only after `retryMs`, while the other keys go
 * ahead.
 */
export class RetryAfterFailure {
  private readonly failedAt = new Map<string, number>();

  constructor(private readonly retryMs: number) {}

  /** How many candidates to read so that `limit` are left once those held back are left out. */
  toRead(limit: number): number {
    return limit + this.failedAt.size;
  }

  /** The first `limit` candidates not held back at `at`. */
  due<T>(candidates: readonly T[], key: (candidate: T) => string, at: Date, limit: number): T[] {
    const since = at.getTime() - this.retryMs;
    return candidates.filter((c) => (this.failedAt.get(key(c)) ?? -Infinity) < since).slice(0, limit);
  }

  failed(key: string, at: Date): void {
    this.failedAt.set(key, at.getTime());
  }

  succeeded(key: string): void {
    this.failedAt.delete(key);
  }
}
