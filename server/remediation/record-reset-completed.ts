import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";
import { appendAuditEntries } from "../audit/record-audit";
import type { Db } from "../db";

/**
 * Customers who set a new password after a forced reset: their reset is
 * complete. Reported by the provider (the built-in one here; the exchange's
 * webhook later). Only resets that were forced and not yet completed change;
 * a repeat report changes nothing. Audited per account.
 */
export async function recordResetsCompleted(
  db: Db,
  incidentId: string,
  completions: readonly { accountId: number; at: Date }[],
): Promise<number> {
  if (completions.length === 0) return 0;
  return db.sql.transaction(async (tx) => {
    const done = await tx.query<{ account_id: number; at: Date | string }>(
      `WITH input AS (SELECT * FROM unnest($2::int[], $3::text[]::timestamptz[]) AS c(account_id, at))
       UPDATE account_remediation ar SET reset_status = 'completed', reset_completed_at = i.at, updated_at = i.at
         FROM input i
        WHERE ar.incident_id = $1::uuid AND ar.account_id = i.account_id AND ar.reset_status = 'sent'
       RETURNING ar.account_id, i.at`,
      [incidentId, completions.map((c) => c.accountId), completions.map((c) => c.at.toISOString())],
    );
    await tx.query(
      `UPDATE provider_accounts SET password_reset_required = false WHERE account_id = ANY($1::int[])`,
      [done.map((d) => d.account_id)],
    );
    await appendAuditEntries(
      tx,
      done.map((d) => ({
        actor: null,
        at: new Date(d.at),
        action: "remediation.password_reset_completed",
        incidentId,
        targetType: ACCOUNT_AUDIT_TARGET,
        targetId: String(d.account_id),
        detail: { reportedBy: "provider" },
      })),
    );
    return done.length;
  });
}
