import "server-only";
import type { Db } from "../db";

export type ForgetNow = {
  /** The step an admin may start before its date: none while a step is begun and not done, or once both are. */
  step: "pseudonymise" | "erase" | null;
  /** What the step will touch, from the incident's stored numbers: the confirmation names them. */
  uniqueAddresses: number;
  leakedRecipients: number;
  matchedAccounts: number;
};

/** Which step of forgetting a closed incident could start now, and how much it touches. */
export async function getForgetNow(db: Db, incidentId: string): Promise<ForgetNow> {
  const [row] = await db.sql.query<{
    status: string;
    pseudonymised_at: Date | null;
    runs: string[];
    unique_addresses: number | null;
    leaked_recipients: number | null;
    matched_accounts: number | null;
  }>(
    `SELECT i.status::text, i.pseudonymised_at,
            array(SELECT r.step::text FROM incident_forget_runs r WHERE r.incident_id = i.id) AS runs,
            s.unique_addresses, s.leaked_recipients, s.matched_accounts
       FROM incidents i LEFT JOIN incident_stats s ON s.incident_id = i.id
      WHERE i.id = $1::uuid`,
    [incidentId],
  );
  const runs = row?.runs ?? [];
  const step =
    row?.status !== "closed"
      ? null
      : !runs.includes("pseudonymise")
        ? "pseudonymise"
        : row.pseudonymised_at && !runs.includes("erase")
          ? "erase"
          : null;
  return {
    step,
    uniqueAddresses: Number(row?.unique_addresses ?? 0),
    leakedRecipients: Number(row?.leaked_recipients ?? 0),
    matchedAccounts: Number(row?.matched_accounts ?? 0),
  };
}
