import type { Db } from "../db";
import type { JobKind } from "../jobs/job-kind";
import { forgetSweeps } from "./forget-sweeps";
import { runForgetUnit, type ForgetOutcome } from "./run-forget-unit";
import { forgetRunsLeft } from "./sql/claim-forget-run";

/**
 * Forgetting a closed incident's personal data (pseudonymisation, then
 * erasure) as leased work: one claim loop, since units of one run follow one
 * another and runs are rare. A unit counts the rows it changed.
 */
export function forgetJobs(): JobKind<ForgetOutcome> {
  return {
    name: "forget worker",
    workerLabel: "forget",
    drainLabel: "forget-drain",
    sweeps: forgetSweeps,
    loops: () => 1,
    open(db: Db) {
      return {
        describe: "pseudonymisation and erasure of closed incidents",
        runOne: (workerId) => runForgetUnit(db, workerId),
        hasWork: () => forgetRunsLeft(db.sql),
        count: (outcome) => outcome.changed,
        close: () => undefined,
      };
    },
  };
}
