import "server-only";
import { can, type Role } from "../../lib/auth/permissions";
import type { Db } from "../db";

/** A request that waits for the viewer's approval: a bulk action or a customer notice campaign. */
export type PendingApproval = {
  type: "bulk_action" | "notice_campaign";
  id: string;
  /** Bulk actions: what it does (password_reset, withdrawal_hold, hold_release); null for notices. */
  kind: string | null;
  total: number;
  requestedBy: string | null;
  createdAt: Date;
  expiresAt: Date | null;
  incident: { slug: string; title: string };
};

type Viewer = { id: string; role: Role };

// The requests the viewer may approve now: awaiting approval, not expired,
// not their own (a request through a token is its creator's), and of a kind
// their role approves. One query over the two status indexes.
function pendingSql(viewer: Viewer, options: { incidentId?: string }, at: Date, select: string, tail: string) {
  const params: unknown[] = [viewer.id, at.toISOString(), options.incidentId ?? null];
  const parts: string[] = [];
  const one = (table: string, type: string, kind: string) =>
    `SELECT '${type}' AS type, r.id, ${kind} AS kind, r.total, r.created_at, r.expires_at, r.incident_id, r.requested_by_id
       FROM ${table} r
      WHERE r.status = 'pending_approval' AND (r.expires_at IS NULL OR r.expires_at > $2::timestamptz)
        AND r.requested_by_id IS DISTINCT FROM $1::uuid AND ($3::uuid IS NULL OR r.incident_id = $3::uuid)`;
  if (can(viewer.role, "bulk.approve")) parts.push(one("bulk_actions", "bulk_action", "r.kind::text"));
  if (can(viewer.role, "notices.approve")) parts.push(one("notice_campaigns", "notice_campaign", "NULL::text"));
  if (parts.length === 0) return null;
  return { sql: `SELECT ${select} FROM (${parts.join(" UNION ALL ")}) p ${tail}`, params };
}

/** The requests waiting for the viewer's approval, soonest expiry first. */
export async function listPendingApprovals(
  db: Db,
  viewer: Viewer,
  options: { incidentId?: string; limit?: number } = {},
  at = new Date(),
): Promise<PendingApproval[]> {
  const query = pendingSql(
    viewer,
    options,
    at,
    `p.*, i.slug, i.title, s.name AS requested_by`,
    `JOIN incidents i ON i.id = p.incident_id LEFT JOIN staff_users s ON s.id = p.requested_by_id
     ORDER BY p.expires_at ASC NULLS LAST, p.created_at ASC LIMIT ${Math.max(1, Math.min(options.limit ?? 100, 500))}`,
  );
  if (!query) return [];
  const rows = await db.sql.query<{
    type: PendingApproval["type"];
    id: string;
    kind: string | null;
    total: number;
    created_at: Date | string;
    expires_at: Date | string | null;
    slug: string;
    title: string;
    requested_by: string | null;
  }>(query.sql, query.params);
  return rows.map((r) => ({
    type: r.type,
    id: r.id,
    kind: r.kind,
    total: Number(r.total),
    requestedBy: r.requested_by,
    createdAt: new Date(r.created_at),
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
    incident: { slug: r.slug, title: r.title },
  }));
}

/** How many requests wait for the viewer's approval (the navigation's and the overview's count). */
export async function countPendingApprovals(
  db: Db,
  viewer: Viewer,
  options: { incidentId?: string } = {},
  at = new Date(),
): Promise<number> {
  const query = pendingSql(viewer, options, at, "count(*)::int AS n", "");
  if (!query) return 0;
  const [row] = await db.sql.query<{ n: number }>(query.sql, query.params);
  return Number(row?.n ?? 0);
}

/** Requests of an incident awaiting anyone's approval (the headline numbers), whoever looks. */
export async function countAwaitingApproval(db: Db, incidentId: string, at = new Date()): Promise<number> {
  const [row] = await db.sql.query<{ n: number }>(
    `SELECT (SELECT count(*) FROM bulk_actions WHERE incident_id = $1::uuid AND status = 'pending_approval'
                AND (expires_at IS NULL OR expires_at > $2::timestamptz))
          + (SELECT count(*) FROM notice_campaigns WHERE incident_id = $1::uuid AND status = 'pending_approval'
                AND (expires_at IS NULL OR expires_at > $2::timestamptz)) AS n`,
    [incidentId, at.toISOString()],
  );
  return Number(row?.n ?? 0);
}
