import "server-only";
import { parseTriageQuery } from "../../lib/triage/filter";
import { searchParamsRecord } from "../../lib/triage/search-params";
import type { Db } from "../db";
import { triageWhere } from "../triage/list-triage-entries";

export const ACCOUNT_AUDIT_TARGET = "customer_account";
/** Recorded by the accounts CSV export (one entry per export, with its filter). */
export const ACCOUNTS_EXPORTED_ACTION = "accounts.exported";

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
 * account as their target (its actions, and who saw its address unmasked on
 * its page), and the unmasked CSV exports of this incident whose filter takes
 * in the account today. An export is audited once, with its filter, not once
 * per row (a million rows would be a million entries), so whether it held this
 * account is worked out here by running its filter for the one account.
 * Entries of other incidents are left out; entries with no incident
 * (account-wide) are kept.
 */
export async function listAccountAudit(
  db: Db,
  incidentId: string,
  accountId: number,
  options: { limit?: number } = {},
): Promise<AccountAuditEntry[]> {
  const limit = options.limit ?? 100;
  const rows = await db.prisma.auditLog.findMany({
    where: {
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: String(accountId),
      OR: [{ incidentId }, { incidentId: null }],
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, actorEmail: true, action: true, detail: true },
  });
  const exports = await unmaskedExportsOf(db, incidentId, accountId, limit);
  return [...rows, ...exports]
    .sort((a, b) => b.at.getTime() - a.at.getTime() || b.id - a.id)
    .slice(0, limit)
    .map((row) => ({
      id: row.id,
      at: row.at,
      actor: row.actorEmail,
      action: row.action,
      detail: detailText(row.detail),
    }));
}

type AuditRow = { id: number; at: Date; actorEmail: string | null; action: string; detail: unknown };

async function unmaskedExportsOf(db: Db, incidentId: string, accountId: number, limit: number): Promise<AuditRow[]> {
  const exports = await db.prisma.auditLog.findMany({
    where: { action: ACCOUNTS_EXPORTED_ACTION, incidentId, detail: { path: ["masked"], equals: false } },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit,
    select: { id: true, at: true, actorEmail: true, action: true, detail: true },
  });
  const included: AuditRow[] = [];
  for (const entry of exports) {
    const query = (entry.detail as { query?: unknown } | null)?.query;
    if (typeof query !== "string") continue;
    const { filter } = parseTriageQuery(searchParamsRecord(new URLSearchParams(query)), { unmasked: true });
    if (!filter.success) continue;
    const { where, params } = triageWhere(incidentId, filter.data, { unmasked: true });
    params.push(accountId);
    const [hit] = await db.sql.query<{ found: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM triage_entries t WHERE ${where} AND t.account_id = $${params.length}) AS found`,
      params,
    );
    if (hit?.found) included.push(entry);
  }
  return included;
}
