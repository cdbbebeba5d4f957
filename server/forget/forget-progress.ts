import "server-only";
import type { Db } from "../db";
import type { ForgetStepProgress } from "../../lib/forget/progress";
import { forgottenRows, type ForgetCounts } from "./forget-record";
import { unitsOf } from "./forget-units";

type Cursor = { unit?: number; phase?: "compact" };

/**
 * The incident's forget runs as progress: parts rather than rows, because a
 * step's total is only known once each kind of rows is walked, while its
 * parts (the units of forget-units.ts, and the compaction) are fixed.
 */
export async function getForgetProgress(db: Db, incidentId: string): Promise<ForgetStepProgress[]> {
  const rows = await db.sql.query<{
    step: "pseudonymise" | "erase";
    status: string;
    cursor: Cursor | string | null;
    counts: ForgetCounts | string | null;
    finished_at: Date | string | null;
  }>(
    `SELECT step::text AS step, status, cursor, counts, finished_at
       FROM incident_forget_runs WHERE incident_id = $1::uuid ORDER BY created_at`,
    [incidentId],
  );
  return rows.map((row) => {
    const cursor = (typeof row.cursor === "string" ? JSON.parse(row.cursor) : (row.cursor ?? {})) as Cursor;
    const counts = (typeof row.counts === "string" ? JSON.parse(row.counts) : (row.counts ?? {})) as ForgetCounts;
    const units = unitsOf(row.step);
    const parts = units.length + 1;
    const status = row.status === "done" ? "done" : row.status === "running" ? "running" : "queued";
    const partsDone = status === "done" ? parts : cursor.phase === "compact" ? units.length : (cursor.unit ?? 0);
    return {
      step: row.step,
      status,
      partsDone,
      parts,
      current:
        status === "done"
          ? null
          : cursor.phase === "compact"
            ? "compacting the tables"
            : (units[cursor.unit ?? 0]?.name ?? null),
      rowsDone: forgottenRows(counts).reduce((sum, [, n]) => sum + n, 0),
      finishedAt: row.finished_at === null ? null : new Date(row.finished_at),
    };
  });
}
