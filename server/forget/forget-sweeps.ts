import type { Sweep } from "../jobs/sweeps";
import { createDueForgetRuns } from "./sql/create-due-runs";

/** The retention schedule: starts each step when its date has come (runs once per incident and step). */
export const forgetSweeps: readonly Sweep[] = [
  { name: "pseudonymiseDue", run: (db, at) => db.sql.transaction((tx) => createDueForgetRuns(tx, "pseudonymise", at)) },
  { name: "eraseDue", run: (db, at) => db.sql.transaction((tx) => createDueForgetRuns(tx, "erase", at)) },
];
