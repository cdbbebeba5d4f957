import "server-only";
import type { ActionKind, BulkStatus, ReleaseCode } from "../../lib/remediation/actions";
import type { Db } from "../db";

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

const STAFF = { select: { id: true, name: true } } as const;

type Row = Omit<BulkActionListRow, "createdAt" | "expiresAt" | "decidedAt"> & {
  createdAt: Date;
  expiresAt: Date | null;
  decidedAt: Date | null;
};

function toListRow(row: Row): BulkActionListRow {
  return {
    id: row.id,
    kind: row.kind,
    origin: row.origin,
    status: row.status,
    reason: row.reason,
    holdHours: row.holdHours,
    releaseCode: row.releaseCode,
    total: row.total,
    succeeded: row.succeeded,
    skipped: row.skipped,
    failed: row.failed,
    cancelled: row.cancelled,
    needsApproval: row.needsApproval,
    requestedBy: row.requestedBy,
    decidedBy: row.decidedBy,
    createdAt: row.createdAt.toISOString(),
    expiresAt: row.expiresAt ? row.expiresAt.toISOString() : null,
    decidedAt: row.decidedAt ? row.decidedAt.toISOString() : null,
  };
}

const SELECT = {
  id: true,
  kind: true,
  origin: true,
  status: true,
  reason: true,
  holdHours: true,
  releaseCode: true,
  total: true,
  succeeded: true,
  skipped: true,
  failed: true,
  cancelled: true,
  needsApproval: true,
  createdAt: true,
  expiresAt: true,
  decidedAt: true,
  requestedBy: STAFF,
  decidedBy: STAFF,
} as const;

// Single actions (one account, from the account page) are bulk actions of one
// under the hood; the bulk-actions page lists only what was asked for in bulk.
const LISTED_ORIGINS = ["bulk", "recommendation"] as const;

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
    db.prisma.bulkAction.findMany({
      where: { incidentId, origin: { in: [...LISTED_ORIGINS] }, status: "pending_approval" },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: SELECT,
    }),
    db.prisma.bulkAction.findMany({
      where: { incidentId, origin: { in: [...LISTED_ORIGINS] }, status: { not: "pending_approval" } },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: limit,
      select: SELECT,
    }),
  ]);
  return { pending: pending.map(toListRow), others: others.map(toListRow) };
}

/** What is in flight: running, paused or awaiting approval, newest first (the overview's widget). */
export async function listActiveBulkActions(db: Db, incidentId: string, limit = 5): Promise<BulkActionListRow[]> {
  const rows = await db.prisma.bulkAction.findMany({
    where: {
      incidentId,
      origin: { in: [...LISTED_ORIGINS] },
      status: { in: ["running", "paused", "pending_approval"] },
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: limit,
    select: SELECT,
  });
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
