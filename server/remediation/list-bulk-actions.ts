import "server-only";
import type { ActionKind, BulkStatus, ReleaseCode } from "../../lib/remediation/actions";
import type { Db } from "../db";
import { preparedSql } from "../db/driver";

/** One row of an incident's bulk-action list: plain JSON, times as ISO strings. */
export type BulkActionListRow = {
  id: string;
  kind: ActionKind;
  origin: "bulk" | "single" | "recommendation";
  status: BulkStatus;
  reason: string;
  holdHours: number | null;
  releaseCode: ReleaseCode | null;
  total: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelled: number;
  needsApproval: boolean;
  requestedBy: { id: string; name: string } | null;
  decidedBy: { id: string; name: string } | null;
  createdAt: string;
  expiresAt: string | null;
  decidedAt: string | null;
};

// One column list for both lists (the bulk-actions page and the overview's
// widget): SQL, as the overview reads it on every load, and Prisma would make
// each staff relation a query of its own.
const LIST_FROM = `b.id::text AS id, b.kind::text AS kind, b.origin::text AS origin, b.status::text AS status, b.reason,
            b.hold_hours, b.release_code::text AS release_code, b.total, b.succeeded, b.skipped, b.failed,
            b.cancelled, b.needs_approval, b.created_at, b.expires_at, b.decided_at,
            r.id::text AS requested_by_id, r.name AS requested_by_name,
            d.id::text AS decided_by_id, d.name AS decided_by_name
       FROM bulk_actions b
       LEFT JOIN staff_users r ON r.id = b.requested_by_id
       LEFT JOIN staff_users d ON d.id = b.decided_by_id`;

type ListSqlRow = {
  id: string;
  kind: ActionKind;
  origin: BulkActionListRow["origin"];
  status: BulkStatus;
  reason: string;
  hold_hours: number | null;
  release_code: ReleaseCode | null;
  total: number;
  succeeded: number;
  skipped: number;
  failed: number;
  cancelled: number;
  needs_approval: boolean;
  created_at: Date | string;
  expires_at: Date | string | null;
  decided_at: Date | string | null;
  requested_by_id: string | null;
  requested_by_name: string | null;
  decided_by_id: string | null;
  decided_by_name: string | null;
};

const iso = (value: Date | string) => (value instanceof Date ? value : new Date(value)).toISOString();

function toListRow(row: ListSqlRow): BulkActionListRow {
  return {
    id: row.id,
    kind: row.kind,
    origin: row.origin,
    status: row.status,
    reason: row.reason,
    holdHours: row.hold_hours,
    releaseCode: row.release_code,
    total: row.total,
    succeeded: row.succeeded,
    skipped: row.skipped,
    failed: row.failed,
    cancelled: row.cancelled,
    needsApproval: row.needs_approval,
    requestedBy: row.requested_by_id ? { id: row.requested_by_id, name: row.requested_by_name ?? "" } : null,
    decidedBy: row.decided_by_id ? { id: row.decided_by_id, name: row.decided_by_name ?? "" } : null,
    createdAt: iso(row.created_at),
    expiresAt: row.expires_at === null ? null : iso(row.expires_at),
    decidedAt: row.decided_at === null ? null : iso(row.decided_at),
  };
}

// Single actions (one account, from the account page) are bulk actions of one
// under the hood; the bulk-actions page lists only what was asked for in bulk.
const LISTED_ORIGINS = ["bulk", "recommendation"] as const;

const AWAITING_APPROVAL = `SELECT ${LIST_FROM}
      WHERE b.incident_id = $1::uuid AND b.origin::text = ANY($2::text[]) AND b.status = 'pending_approval'
      ORDER BY b.created_at, b.id`;

const THE_REST = `SELECT ${LIST_FROM}
      WHERE b.incident_id = $1::uuid AND b.origin::text = ANY($2::text[]) AND b.status <> 'pending_approval'
      ORDER BY b.created_at DESC, b.id DESC
      LIMIT $3`;

/**
 * An incident's bulk actions: every one awaiting approval first (oldest
 * first, the next to expire on top), then the rest, newest first.
 */
export async function listBulkActions(
  db: Db,
  incidentId: string,
  options: { limit?: number } = {},
): Promise<{ pending: BulkActionListRow[]; others: BulkActionListRow[] }> {
  const limit = options.limit ?? 100;
  const [pending, others] = await Promise.all([
    db.sql.query<ListSqlRow>(AWAITING_APPROVAL, [incidentId, [...LISTED_ORIGINS]]),
    db.sql.query<ListSqlRow>(THE_REST, [incidentId, [...LISTED_ORIGINS], limit]),
  ]);
  return { pending: pending.map(toListRow), others: others.map(toListRow) };
}

const ACTIVE_BULK_ACTIONS = preparedSql(
  "active-bulk-actions",
  `SELECT ${LIST_FROM}
      WHERE b.incident_id = $1::uuid
        AND b.origin::text = ANY($2::text[])
        AND b.status::text IN ('running', 'paused', 'pending_approval')
      ORDER BY b.created_at DESC, b.id DESC
      LIMIT $3`,
);

/** What is in flight: running, paused or awaiting approval, newest first (the overview's widget). */
export async function listActiveBulkActions(db: Db, incidentId: string, limit = 5): Promise<BulkActionListRow[]> {
  const rows = await db.sql.query<ListSqlRow>(ACTIVE_BULK_ACTIONS, [incidentId, [...LISTED_ORIGINS], limit]);
  return rows.map(toListRow);
}

/** What selected a bulk action's accounts, as it was requested (for the record; the accounts are frozen in its items). */
export type BulkSelectionRecord =
  | { kind: "filter"; query: string }
  | { kind: "ids"; count: number }
  | { kind: "accounts"; count: number }
  | { kind: "unknown" };

export async function getBulkActionSelection(db: Db, incidentId: string, id: string): Promise<BulkSelectionRecord> {
  const row = await db.prisma.bulkAction.findFirst({ where: { id, incidentId }, select: { selection: true } });
  const value = row?.selection;
  if (!value || typeof value !== "object" || Array.isArray(value)) return { kind: "unknown" };
  const record = value as Record<string, unknown>;
  if (record.kind === "filter" && typeof record.query === "string") return { kind: "filter", query: record.query };
  if (record.kind === "ids" && Array.isArray(record.ids)) return { kind: "ids", count: record.ids.length };
  if (record.kind === "accounts" && typeof record.count === "number") return { kind: "accounts", count: record.count };
  return { kind: "unknown" };
}
