import type { Db } from "../db";
import { jobsConfig } from "./config";
import type { JobKind, JobRunner } from "./job-kind";
import { SweepRegistry } from "./sweeps";
import { newWorkerId } from "./worker-id";

const PGLITE_GAP_MS = 30;
const SWEEP_EVERY_MS = 5_000;

export type LoopOptions = {
  signal: AbortSignal;
  log?: (message: string) => void;
  workerId?: string;
  /** The sweeps to run when idle: the kind's own by default; a caller may add the process's janitors. */
  sweeps?: SweepRegistry;
};

function sweepsOf<O>(kind: JobKind<O>, sweeps?: SweepRegistry): SweepRegistry {
  return sweeps ?? new SweepRegistry().add(...kind.sweeps);
}

/**
 * The worker loops of one kind: claim, run, repeat; when idle, run the
 * kind's sweeps (at most every few seconds) and wait `pollMs` (or until the
 * signal aborts). Stops when the signal aborts, after the unit in hand. A
 * unit that fails is logged and the loop waits before claiming again.
 */
export async function runJobLoops<O>(db: Db, kind: JobKind<O>, options: LoopOptions & { loops?: number }): Promise<void> {
  const runner = kind.open(db);
  const sweeps = sweepsOf(kind, options.sweeps);
  const { pollMs } = jobsConfig();
  const log = options.log ?? (() => undefined);
  let lastSweep = 0;
  const loop = async (workerId: string) => {
    log(`${kind.name} ${workerId} started (${runner.describe})`);
    while (!options.signal.aborted) {
      try {
        if (Date.now() - lastSweep > SWEEP_EVERY_MS) {
          lastSweep = Date.now();
          await sweeps.run(db, new Date());
        }
        if (await runner.runOne(workerId)) {
          if (db.sql.kind === "pglite") {
            // PGlite runs each statement in this thread and settles its
            // promises as microtasks, so unit after unit would never let the
            // event loop read a socket: every HTTP request (a progress poll,
            // an approval) would wait for the whole bulk action, and be cut
            // off by the server's timeouts. Let I/O in after each unit.
            await new Promise((resolve) => setImmediate(resolve));
            // It has one connection, which a unit holds: when requests now
            // wait for it, leave a gap so that their next queries get through
            // too, not one per unit.
            if (db.sql.waiting()) await idle(PGLITE_GAP_MS, options.signal);
          }
          continue;
        }
      } catch (error) {
        log(`${kind.name} ${workerId}: batch failed, retrying later: ${(error as Error).message}`);
      }
      await idle(pollMs, options.signal);
    }
    log(`${kind.name} ${workerId} stopped`);
  };
  const loops = options.loops ?? kind.loops(db);
  try {
    await Promise.all(
      Array.from({ length: loops }, (_, i) => loop(i === 0 && options.workerId ? options.workerId : newWorkerId(kind.workerLabel))),
    );
  } finally {
    runner.close();
  }
}

/**
 * Runs one kind's work until none is left (the seed, the CLI's --drain,
 * tests): sweeps first, then claims; when nothing can be claimed but work is
 * still held (another worker's lease, a retry not yet due), sweeps again and
 * waits. A dead worker's lease runs out and its work is taken over here.
 * Returns the total the runner counts (batches, messages).
 */
export async function drainJobs<O>(
  db: Db,
  kind: JobKind<O>,
  options: { runner?: JobRunner<O>; loops?: number; workerId?: string; sweeps?: SweepRegistry } = {},
): Promise<number> {
  const runner = options.runner ?? kind.open(db);
  const sweeps = sweepsOf(kind, options.sweeps);
  const { pollMs } = jobsConfig();
  const clock = runner.clock ?? (() => new Date());
  let total = 0;
  const loop = async (workerId: string) => {
    let sweep = true;
    for (;;) {
      if (sweep) await sweeps.run(db, clock());
      const outcome = await runner.runOne(workerId);
      if (outcome) {
        total += runner.count(outcome);
        sweep = false;
        continue;
      }
      sweep = true;
      if (!(await runner.hasWork())) return;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  };
  try {
    const loops = options.loops ?? 1;
    await Promise.all(
      Array.from({ length: loops }, (_, i) => loop(i === 0 && options.workerId ? options.workerId : newWorkerId(kind.drainLabel))),
    );
    return total;
  } finally {
    if (!options.runner) runner.close();
  }
}

function idle(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
    signal.addEventListener("abort", done, { once: true });
  });
}
