import "server-only";
import { SYSTEM_ACTOR, type AuditLogFilter } from "../../lib/audit/log-query";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { ACCOUNT_AUDIT_TARGET } from "../accounts/list-account-audit";

/** An entry as the Audit log page, the API and the export show it: internal ids resolved to human ones. */
export type AuditLogEntry = {
  id: number;
  at: Date;
  /** The acting staff member's e-mail; null for Breachdesk's own entries. */
  actor: string | null;
  action: string;
  /** The incident the entry belongs to (its slug), if any. */
  incident: string | null;
  target: AuditLogTarget | null;
  detail: unknown;
  ip: string | null;
  hash: string | null;
};

type AuditLogTarget = {
  type: string;
  /** As stored: a customer account's internal number, a bulk action's UUID… */
  id: string | null;
  /** What people call it: the exchange's account id, the incident's slug, the staff member's e-mail. */
  label: string;
};

export type AuditLogPage = { entries: AuditLogEntry[]; next: number | null };

// Every target type an entry is written with: a target that is not an
// exchange account id is looked for among these, so the (target_type,
// target_id, id) index answers it type by type.
const TARGET_TYPES = [
  "api_token",
  "bulk_action",
  ACCOUNT_AUDIT_TARGET,
  "evidence_pack",
  "import_job",
  "incident",
  "notice_campaign",
  "notice_template",
  "notification_obligation",
  "staff_user",
  "timeline_event",
];

type Where = { sql: string; params: unknown[] };

/**
 * The filter as SQL over audit_log (alias l). Each condition has an index
 * ending in id, so the newest-first page reads only the entries it shows.
 * An account target is the exchange's id: resolved here to the internal
 * number the entries carry; one that names no account matches any other
 * target with that id.
 */
async function auditLogWhere(sql: SqlQueryable, filter: AuditLogFilter): Promise<Where> {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.actor === SYSTEM_ACTOR) conditions.push("l.actor_email IS NULL");
  else if (filter.actor) conditions.push(`l.actor_email = ${param(filter.actor)}`);
  if (filter.action.length === 1) conditions.push(`l.action = ${param(filter.action[0])}`);
  else if (filter.action.length > 1) conditions.push(`l.action = ANY(${param(filter.action)}::text[])`);
  if (filter.target) {
    const [account] = await sql.query<{ id: number }>(`SELECT id FROM customer_accounts WHERE external_id = $1`, [
      filter.target,
    ]);
    if (account) {
      conditions.push(`l.target_type = ${param(ACCOUNT_AUDIT_TARGET)} AND l.target_id = ${param(String(account.id))}`);
    } else {
      conditions.push(`l.target_type = ANY(${param(TARGET_TYPES)}::text[]) AND l.target_id = ${param(filter.target)}`);
    }
  }
  // Newest first over a time window: the planner walks the primary key back
  // while the window reaches the log's end, or reads the window from the
  // (at) index and sorts it when it is small. Its worst case, a large window
  // that ended long ago, is measured in bench/audit-log.ts.
  if (filter.from) conditions.push(`l.at >= ${param(filter.from.toISOString())}::timestamptz`);
  if (filter.to) conditions.push(`l.at < ${param(filter.to.toISOString())}::timestamptz`);
  return { sql: conditions.length ? conditions.join(" AND ") : "true", params };
}

type Row = {
  id: number;
  at: Date | string;
  actor_email: string | null;
  action: string;
  incident_slug: string | null;
  target_type: string | null;
  target_id: string | null;
  target_label: string | null;
  detail: unknown;
  ip: string | null;
  hash: string | null;
};

// The page's rows first (the index does the work), then their names: a
// customer account's exchange id, an incident's slug, a staff member's
// e-mail, each looked up by primary key for the rows of this page only.
const PAGE_SQL = (where: string, after: string, limit: string) => `
  WITH page AS (
    SELECT l.id, l.at, l.actor_email, l.action, l.incident_id, l.target_type, l.target_id, l.detail, l.ip, l.hash
      FROM audit_log l
     WHERE ${where} AND l.id < ${after}
     ORDER BY l.id DESC
     LIMIT ${limit})
  SELECT p.id, p.at, p.actor_email, p.action, i.slug AS incident_slug, p.target_type, p.target_id,
         COALESCE(c.external_id, ti.slug, s.email) AS target_label, p.detail, p.ip, p.hash
    FROM page p
    LEFT JOIN incidents i ON i.id = p.incident_id
    LEFT JOIN customer_accounts c
      ON c.id = CASE WHEN p.target_type = '${ACCOUNT_AUDIT_TARGET}' AND p.target_id ~ '^[0-9]{1,9}$' THEN p.target_id::int END
    LEFT JOIN incidents ti ON p.target_type = 'incident' AND ti.id::text = p.target_id
    LEFT JOIN staff_users s ON p.target_type = 'staff_user' AND s.id::text = p.target_id
   ORDER BY p.id DESC`;

function entryOf(row: Row): AuditLogEntry {
  return {
    id: Number(row.id),
    at: new Date(row.at),
    actor: row.actor_email,
    action: row.action,
    incident: row.incident_slug,
    target: row.target_type
      ? { type: row.target_type, id: row.target_id, label: row.target_label ?? row.target_id ?? row.target_type }
      : null,
    detail: row.detail ?? null,
    ip: row.ip,
    hash: row.hash,
  };
}

async function readPage(sql: SqlQueryable, where: Where, after: number | undefined, limit: number) {
  const params = [...where.params, after ?? 2_147_483_647, limit];
  const rows = await sql.query<Row>(
    PAGE_SQL(where.sql, `$${params.length - 1}::int`, `$${params.length}::int`),
    params,
  );
  return rows.map(entryOf);
}

/**
 * One page of the log, newest first (by chain position), after the cursor
 * `after` (the last id of the previous page). Keyset, never OFFSET: page 2000
 * costs what page 1 does, and entries appended meanwhile never shift a page.
 */
export async function listAuditLog(
  db: Db,
  filter: AuditLogFilter,
  options: { after?: number; limit?: number } = {},
): Promise<AuditLogPage> {
  const limit = options.limit ?? 50;
  const where = await auditLogWhere(db.sql, filter);
  const entries = await readPage(db.sql, where, options.after, limit + 1);
  const more = entries.length > limit;
  if (more) entries.pop();
  return { entries, next: more ? entries[entries.length - 1]!.id : null };
}

/**
 * Every entry the filter selects, newest first, a page at a time: a million
 * entries stream through in bounded memory. The first page fixes the end:
 * entries appended while the export runs are above its cursor and left out.
 */
export async function* streamAuditLog(
  db: Db,
  filter: AuditLogFilter,
  pageSize = 1000,
): AsyncGenerator<AuditLogEntry[]> {
  const where = await auditLogWhere(db.sql, filter);
  let after: number | undefined;
  for (;;) {
    const entries = await readPage(db.sql, where, after, pageSize);
    if (entries.length > 0) yield entries;
    if (entries.length < pageSize) return;
    after = entries[entries.length - 1]!.id;
  }
}

/**
 * The action names in the log, for the filter's choices: a loose index scan
 * (one probe of the action index per name), cheap at a million entries.
 */
export async function listAuditActions(db: Db): Promise<string[]> {
  const rows = await db.sql.query<{ action: string }>(
    `WITH RECURSIVE a(action) AS (
       (SELECT action FROM audit_log ORDER BY action LIMIT 1)
       UNION ALL
       SELECT (SELECT l.action FROM audit_log l WHERE l.action > a.action ORDER BY l.action LIMIT 1)
         FROM a WHERE a.action IS NOT NULL)
     SELECT action FROM a WHERE action IS NOT NULL`,
  );
  return rows.map((row) => row.action);
}
