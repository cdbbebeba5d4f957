import type { SqlQueryable } from "../../db/driver";
import { AppError } from "../../errors";

export type LockedIncident = {
  id: string;
  slug: string;
  status: string;
  closed_at: Date | string | null;
  pseudonymised_at: Date | string | null;
  erased_at: Date | string | null;
  /** Forget runs of the incident in any state: once one exists, forgetting has begun. */
  forget_runs: number;
};

/**
 * The incident's row, locked (FOR UPDATE) until the transaction ends: a close,
 * a reopen and a forget run starting take this same lock, so they happen one
 * after another and each sees what the one before it did.
 */
export async function lockIncident(tx: SqlQueryable, incidentId: string): Promise<LockedIncident> {
  const [row] = await tx.query<LockedIncident>(
    `SELECT i.id::text, i.slug, i.status::text, i.closed_at, i.pseudonymised_at, i.erased_at,
            (SELECT count(*)::int FROM incident_forget_runs f WHERE f.incident_id = i.id) AS forget_runs
       FROM incidents i WHERE i.id = $1::uuid FOR UPDATE OF i`,
    [incidentId],
  );
  if (!row) throw new AppError("NOT_FOUND", "No such incident.");
  return { ...row, forget_runs: Number(row.forget_runs) };
}
