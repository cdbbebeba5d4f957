/** How far one step of forgetting a closed incident has got (the closed incident's banner). */
export type ForgetStepProgress = {
  step: "pseudonymise" | "erase";
  status: "queued" | "running" | "done";
  /** Parts done (one per kind of rows, then the compaction) of `parts`. */
  partsDone: number;
  parts: number;
  /** The kind of rows in hand ("leaked recipients", ...), while running. */
  current: string | null;
  rowsDone: number;
  finishedAt: Date | null;
};
