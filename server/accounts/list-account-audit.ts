import "server-only";
import type { Db } from "../db";

export const ACCOUNT_AUDIT_TARGET = "customer_account";

export type AccountAuditEntry = {
  id: number;
  at: Date;
  actor: string | null;
  action: string;
  /** The entry's detail as compact JSON, cut to a readable length. */
  detail: string | null;
};

const DETAIL_MAX = 240;

function detailText(detail: unknown): string | null {
  if (detail === null || detail === undefined) return null;
  const text = JSON.stringify(detail);
  return text.length > DETAIL_MAX ? `${text.slice(0, DETAIL_MAX - 1)}…` : text;
}

/**
 * The audit trail of one account in this incident: entries that name the
 * account as their target. Entries of other incidents are left out; entries
 * with no incident (account-wide) are kept.
 */
export async function listAccountAudit(
  db: Db,
  incidentId: string,
  accountId: number,
  options: { limit?: number } = {},
): Promise<AccountAuditEntry[]> {
  const rows = await db.prisma.auditLog.findMany({
    where: {
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: String(accountId),
      OR: [{ incidentId }, { incidentId: null }],
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: options.limit ?? 100,
    select: { id: true, at: true, actorEmail: true, action: true, detail: true },
  });
  return rows.map((row) => ({
    id: row.id,
    at: row.at,
    actor: row.actorEmail,
    action: row.action,
    detail: detailText(row.detail),
  }));
}
