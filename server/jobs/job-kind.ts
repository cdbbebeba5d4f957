import type { Db } from "../db";
import type { Sweep } from "./sweeps";

/**
 * What a kind of leased work plugs into the kernel. The kernel owns the
 * loop, the drain, the idle wait, the sweeps' timing and the worker ids; the
 * kind owns what it leases and what one unit of its work does. A kind is
 * opened once per loop group (its transport, its rate limiter) and runs
 * `loops` claim loops side by side.
 */
export interface JobKind<Outcome> {
  /** For logs: "worker" (bulk actions), "notice sender". */
  readonly name: string;
  /** The worker ids' prefix in a running worker and in a drain. */
  readonly workerLabel: string;
  readonly drainLabel: string;
  /** The kind's own repairs (a lease run out, a request nobody approved), run when a loop is idle. */
  readonly sweeps: readonly Sweep[];
  /** Claim loops side by side (in one process). */
  loops(db: Db): number;
  open(db: Db): JobRunner<Outcome>;
}

export interface JobRunner<Outcome> {
  /** What a loop says when it starts, after its id. */
  readonly describe: string;
  /** Claims and runs one unit of work (a batch); null when there was nothing to claim. */
  runOne(workerId: string): Promise<Outcome | null>;
  /** Whether work is still due or held (a drain waits for it, e.g. for a dead worker's lease to run out). */
  hasWork(): Promise<boolean>;
  /** How many items a unit of work counts for in a drain's total. */
  count(outcome: Outcome): number;
  /** The clock a drain's sweeps use (the demo seed replays recorded times). */
  readonly clock?: () => Date;
  close(): void;
}
