import "server-only";
import { can, type Permission, type Role } from "../../lib/auth/permissions";
import type { Db } from "../db";
import { preparedSql } from "../db/driver";

/** A request awaiting a second person's approval: a bulk action, a customer notice campaign or an incident's close. */
export type PendingApproval = {
  type: "bulk_action" | "notice_campaign" | "incident_close";
  id: string;
  /** Bulk actions: what it does (password_reset, withdrawal_hold, hold_release); null for notices. */
  kind: string | null;
  total: number;
  requestedById: string | null;
  requestedBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  incident: { slug: string; title: string };
};

type Viewer = { id: string; role: Role };

/** Who approves each kind of request. */
const APPROVE_PERMISSION = {
  bulk_action: "bulk.approve",
  notice_campaign: "notices.approve",
  incident_close: "incidents.close",
} as const satisfies Record<PendingApproval["type"], Permission>;

// Requests awaiting approval and not expired; for a viewer, only those they
// may approve: not their own (a request through a token is its creator's) and
// of a kind their role approves. One query over the two status indexes; every
// page reads it (the navigation's count, the overview), so each of its few
// shapes (which kinds, list or count) is a prepared statement.
function pendingSql(viewer: Viewer | null, shape: "list" | "count") {
  const one = (table: string, type: string, kind: string) =>
    `SELECT '${type}' AS type, r.id, ${kind} AS kind, r.total, r.created_at, r.expires_at, r.incident_id, r.requested_by_id
       FROM ${table} r
      WHERE r.status = 'pending_approval' AND (r.expires_at IS NULL OR r.expires_at > $2::timestamptz)
        AND ($1::uuid IS NULL OR r.requested_by_id IS DISTINCT FROM $1::uuid)
        AND ($3::uuid IS NULL OR r.incident_id = $3::uuid)`;
  const kinds: string[] = [];
  const parts: string[] = [];
  if (!viewer || can(viewer.role, "bulk.approve")) {
    kinds.push("bulk");
    parts.push(one("bulk_actions", "bulk_action", "r.kind::text"));
  }
  if (!viewer || can(viewer.role, "notices.approve")) {
    kinds.push("notices");
    parts.push(one("notice_campaigns", "notice_campaign", "NULL::text"));
  }
  if (!viewer || can(viewer.role, "incidents.close")) {
    kinds.push("close");
    parts.push(one("incident_close_requests", "incident_close", "NULL::text"));
  }
  if (parts.length === 0) return null;
  const from = `FROM (${parts.join(" UNION ALL ")}) p`;
  const name = `pending-approvals-${shape}-${kinds.join("-")}`;
  return shape === "count"
    ? preparedSql(name, `SELECT count(*)::int AS n ${from}`)
    : preparedSql(
        name,
        `SELECT p.*, i.slug, i.title, s.name AS requested_by ${from}
           JOIN incidents i ON i.id = p.incident_id LEFT JOIN staff_users s ON s.id = p.requested_by_id
          ORDER BY p.expires_at ASC NULLS LAST, p.created_at ASC LIMIT $4::int`,
      );
}

const pendingParams = (viewer: Viewer | null, options: { incidentId?: string }, at: Date) => [
  viewer?.id ?? null,
  at.toISOString(),
  options.incidentId ?? null,
];

async function listPending(
  db: Db,
  viewer: Viewer | null,
  options: { incidentId?: string; limit?: number },
  at: Date,
): Promise<PendingApproval[]> {
  const query = pendingSql(viewer, "list");
  if (!query) return [];
  const rows = await db.sql.query<{
    type: PendingApproval["type"];
    id: string;
    kind: string | null;
    total: number;
    created_at: Date | string;
    expires_at: Date | string | null;
    requested_by_id: string | null;
    slug: string;
    title: string;
    requested_by: string | null;
  }>(query, [...pendingParams(viewer, options, at), Math.max(1, Math.min(options.limit ?? 100, 500))]);
  return rows.map((r) => ({
    type: r.type,
    id: r.id,
    kind: r.kind,
    total: Number(r.total),
    requestedById: r.requested_by_id,
    requestedBy: r.requested_by,
    createdAt: new Date(r.created_at),
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
    incident: { slug: r.slug, title: r.title },
  }));
}

/** The requests waiting for the viewer's approval, soonest expiry first. */
export function listPendingApprovals(
  db: Db,
  viewer: Viewer,
  options: { incidentId?: string; limit?: number } = {},
  at = new Date(),
): Promise<PendingApproval[]> {
  return listPending(db, viewer, options, at);
}

/**
 * Every request of an incident awaiting approval, whoever may approve it: the
 * overview counts them in its headline numbers and shows an approver theirs
 * (waitingFor), from this one query.
 */
export function listIncidentAwaitingApproval(db: Db, incidentId: string, at = new Date()): Promise<PendingApproval[]> {
  return listPending(db, null, { incidentId, limit: 500 }, at);
}

/** Of an incident's pending requests, those the viewer may approve (as listPendingApprovals chooses them). */
export function waitingFor(rows: readonly PendingApproval[], viewer: Viewer): PendingApproval[] {
  return rows.filter((row) => row.requestedById !== viewer.id && can(viewer.role, APPROVE_PERMISSION[row.type]));
}

/** How many requests wait for the viewer's approval (the navigation's count). */
export async function countPendingApprovals(
  db: Db,
  viewer: Viewer,
  options: { incidentId?: string } = {},
  at = new Date(),
): Promise<number> {
  const query = pendingSql(viewer, "count");
  if (!query) return 0;
  const [row] = await db.sql.query<{ n: number }>(query, pendingParams(viewer, options, at));
  return Number(row?.n ?? 0);
}
