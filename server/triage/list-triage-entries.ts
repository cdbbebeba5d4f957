import { maskEmail } from "../../lib/email/mask";
import { normalizeEmail, isValidEmail } from "../../lib/email/normalize";
import { explainRow, featuresOf } from "../../lib/risk/explain";
import type { RiskTier } from "../../lib/risk/rules";
import {
  MASKED_SORT_MESSAGE,
  triageFilterToParams,
  type TriageFilter,
  type TriagePage,
  type TriageSort,
  type TriageViewer,
} from "../../lib/triage/filter";
import type { TriageRow } from "../../lib/triage/types";
import type { RemediationState } from "../../lib/remediation/state";
import type { ActionStatusFilter } from "../../lib/triage/filter";
import type { Db } from "../db";
import { AppError } from "../errors";
import { memoPerKeyUntilStatsMove, type IncidentVersion } from "../incidents/memo-until-stats-move";
import { DEFERRED_SORT_KEYS } from "./sort-indexes";
import { openTriageCursor, sealTriageCursor } from "./triage-cursor";

export type { TriageRow };


type DbRow = {
  id: number;
  account_id: number | null;
  external_id: string | null;
  email_original: string;
  risk_tier: RiskTier;
  risk_rules: string[];
  risk_sort: string | number;
  two_factor_enabled: boolean | null;
  balance_usd_cents: string | number | null;
  balance_tier: string | null;
  country: string | null;
  events_after_t0: number;
  last_event_at: Date | string | null;
  password_changed_at: Date | string | null;
  security_changes: number;
  withdrawal_changes: number;
  new_device_logins: number;
  failed_logins: number;
  api_keys_created: number;
  exposure_count: number;
  seen_by: number;
  first_message_id: number;
  reset_status: string | null;
  reset_sent_at: Date | string | null;
  hold_status: string | null;
  hold_until: Date | string | null;
  hold_changed_at: Date | string | null;
  email_normalized: string;
  /** The sort key as PostgreSQL's text, for the next page's cursor. */
  cursor_value: string;
};

// Sort key expression, its direction, and the cursor value's SQL type. Risk
// (the default) and e-mail pair with an index on triage_entries (see
// schema.prisma), so that a deep page costs about the same as the first.
// Balance and last event read an index of a large incident's own partition
// once the worker has built it (sort-indexes.ts); until then, and for small
// incidents, they sort the incident's filtered rows.
const SORTS: Record<TriageSort, { expr: string; dir: "DESC" | "ASC"; type: string }> = {
  risk: { expr: "t.risk_sort", dir: "DESC", type: "bigint" },
  balance: { expr: DEFERRED_SORT_KEYS.balance("t."), dir: "DESC", type: "bigint" },
  last_event: { expr: DEFERRED_SORT_KEYS.last_event("t."), dir: "DESC", type: "timestamptz" },
  email: { expr: "t.email_normalized", dir: "ASC", type: "text" },
};

/**
 * WHERE clauses and parameters for a filter; $1 is the incident. A viewer who
 * sees addresses masked searches by account id only: whether a search for an
 * address (or a prefix) finds a row would tell them the address.
 */
export function triageWhere(
  incidentId: string,
  filter: TriageFilter,
  viewer: TriageViewer,
): { where: string; params: unknown[] } {
  const params: unknown[] = [incidentId];
  const clauses = ["t.incident_id = $1"];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.matched) clauses.push(filter.matched === "yes" ? "t.account_id IS NOT NULL" : "t.account_id IS NULL");
  if (filter.tier.length) clauses.push(`t.risk_tier::text = ANY(${param(filter.tier)}::text[])`);
  if (filter.twoFactor) clauses.push(`t.two_factor_enabled IS ${filter.twoFactor === "yes" ? "TRUE" : "FALSE"}`);
  if (filter.balance.length) clauses.push(`t.balance_tier = ANY(${param(filter.balance)}::text[])`);
  if (filter.country.length) clauses.push(`t.country::text = ANY(${param(filter.country)}::text[])`);
  if (filter.events) clauses.push(filter.events === "yes" ? "t.events_after_t0 > 0" : "t.events_after_t0 = 0");
  if (filter.action.length) clauses.push(actionStatusClause(filter.action));
  if (filter.rule) clauses.push(`${param(filter.rule)} = ANY(t.risk_rules)`);
  if (filter.group) {
    clauses.push(
      `t.email_normalized IN (SELECT r.email_normalized FROM leaked_recipients r WHERE r.incident_id = $1 AND r.message_id = ${param(filter.group)})`,
    );
  }
  if (filter.bulk) {
    // "IS TRUE" keeps the planner from turning the IN into a semi join: the
    // items' statistics lag a fresh request, and a nested loop over them took
    // seconds; a hashed subplan is built once and probed per row.
    const bulk = param(filter.bulk);
    clauses.push(
      `(t.account_id IN (SELECT i.account_id FROM bulk_action_items i
                          WHERE i.bulk_action_id = ${bulk}::uuid
                            AND EXISTS (SELECT 1 FROM bulk_actions b WHERE b.id = ${bulk}::uuid AND b.incident_id = $1))) IS TRUE`,
    );
  }
  if (filter.q && !viewer.unmasked) {
    clauses.push(`t.account_id IN (SELECT a.id FROM customer_accounts a WHERE a.external_id = ${param(filter.q.trim())})`);
  } else if (filter.q) {
    const q = filter.q.trim();
    const prefix = `${q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const exact = isValidEmail(q) ? normalizeEmail(q) : q.toLowerCase();
    // An account id is looked up in the directory (its unique index), not on every triage row.
    clauses.push(
      `(t.email_normalized = ${param(exact)} OR t.account_id IN (SELECT a.id FROM customer_accounts a WHERE a.external_id = ${param(q)}) OR t.email_normalized LIKE ${param(prefix)})`,
    );
  }
  return { where: clauses.join(" AND "), params };
}

// Remediation lives in account_remediation (one row per acted-on account);
// each filter value is a probe of its key.
const ACTION_CONDITIONS: Record<ActionStatusFilter, string> = {
  none: "",
  reset_requested: "ar.reset_status = 'requested'",
  reset_sent: "ar.reset_status = 'sent'",
  reset_completed: "ar.reset_status = 'completed'",
  hold_active: "ar.hold_status = 'active'",
  hold_released: "ar.hold_status = 'released'",
  hold_expired: "ar.hold_status = 'expired'",
};

function actionStatusClause(values: readonly ActionStatusFilter[]): string {
  const probe = (condition: string) =>
    `EXISTS (SELECT 1 FROM account_remediation ar WHERE ar.incident_id = t.incident_id AND ar.account_id = t.account_id AND ${condition})`;
  const parts = values.map((value) =>
    value === "none"
      ? `NOT ${probe("(ar.reset_status <> 'none' OR ar.hold_status <> 'none')")}`
      : probe(ACTION_CONDITIONS[value]),
  );
  return `(${parts.join(" OR ")})`;
}

export type TriageList = { rows: TriageRow[]; nextCursor: string | null };

/**
 * The statement of one page and its parameters (a test reads its plan). It
 * selects one row more than the page, to tell whether another follows.
 */
export function triagePageQuery(
  incidentId: string,
  filter: TriageFilter,
  page: TriagePage,
  viewer: TriageViewer,
): { sql: string; params: unknown[] } {
  if (page.sort === "email" && !viewer.unmasked) throw new AppError("FORBIDDEN", MASKED_SORT_MESSAGE);
  const sort = SORTS[page.sort];
  const { where, params } = triageWhere(incidentId, filter, viewer);
  // The cursor is sealed (server/triage/triage-cursor.ts): what opens is a
  // value this statement once selected, of the sort's type, for this incident
  // and sort; anything else starts at page 1.
  const cursor = openTriageCursor(incidentId, page.sort, page.after);
  let keyset = "";
  if (cursor) {
    params.push(cursor.value, cursor.id);
    const op = sort.dir === "DESC" ? "<" : ">";
    keyset = `AND (${sort.expr}, t.id) ${op} ($${params.length - 1}::${sort.type}, $${params.length}::int)`;
  }
  params.push(page.size + 1);
  const sql = `SELECT p.*, ar.reset_status::text AS reset_status, ar.reset_sent_at, ar.hold_status::text AS hold_status,
            ar.hold_until, ar.hold_changed_at
       FROM (SELECT t.*, ${sort.expr} AS sort_key, (${sort.expr})::text AS cursor_value FROM triage_entries t
              WHERE ${where} ${keyset}
              ORDER BY ${sort.expr} ${sort.dir}, t.id ${sort.dir}
              LIMIT $${params.length}) p
       LEFT JOIN account_remediation ar ON ar.incident_id = p.incident_id AND ar.account_id = p.account_id
      ORDER BY p.sort_key ${sort.dir}, p.id ${sort.dir}`;
  return { sql, params };
}

/** One page of the triage table, keyset-paginated. Addresses are masked here for viewers without the right. */
export async function listTriageEntries(
  db: Db,
  incident: { id: string; awareAt: Date },
  filter: TriageFilter,
  page: TriagePage,
  viewer: TriageViewer,
): Promise<TriageList> {
  const { sql, params } = triagePageQuery(incident.id, filter, page, viewer);
  const rows = await db.sql.query<DbRow>(sql, params);
  const hasMore = rows.length > page.size;
  const pageRows = hasMore ? rows.slice(0, page.size) : rows;
  const last = pageRows[pageRows.length - 1];
  return {
    rows: pageRows.map((row) => toTriageRow(row, incident.awareAt, viewer)),
    nextCursor: hasMore && last ? sealTriageCursor(incident.id, page.sort, { value: last.cursor_value, id: last.id }) : null,
  };
}

function toDate(value: Date | string | null): Date | null {
  return value === null ? null : new Date(value);
}

/** An account_remediation row (or its absence) as the pages show it. */
export function remediationOf(row: {
  reset_status: string | null;
  reset_sent_at: Date | string | null;
  hold_status: string | null;
  hold_until: Date | string | null;
  hold_changed_at: Date | string | null;
}): RemediationState {
  return {
    reset: (row.reset_status ?? "none") as RemediationState["reset"],
    resetAt: toDate(row.reset_sent_at),
    hold: (row.hold_status ?? "none") as RemediationState["hold"],
    holdUntil: toDate(row.hold_until),
    holdChangedAt: toDate(row.hold_changed_at),
  };
}

function toTriageRow(row: DbRow, awareAt: Date, viewer: TriageViewer): TriageRow {
  const balance = row.balance_usd_cents === null ? null : Number(row.balance_usd_cents);
  const features = featuresOf(
    {
      accountId: row.account_id,
      twoFactorEnabled: row.two_factor_enabled,
      balanceUsdCents: balance,
      balanceTier: row.balance_tier,
      passwordChangedAt: toDate(row.password_changed_at),
      securityChanges: row.security_changes,
      withdrawalChanges: row.withdrawal_changes,
      newDeviceLogins: row.new_device_logins,
      failedLogins: row.failed_logins,
      apiKeysCreated: row.api_keys_created,
    },
    awareAt,
  );
  return {
    id: row.id,
    accountId: row.account_id,
    externalId: row.external_id,
    email: viewer.unmasked ? row.email_original : maskEmail(row.email_original),
    riskTier: row.risk_tier,
    rules: explainRow(row.risk_rules, features),
    twoFactorEnabled: row.two_factor_enabled,
    balanceUsdCents: balance,
    balanceTier: row.balance_tier,
    country: row.country,
    eventsAfterT0: row.events_after_t0,
    lastEventAt: toDate(row.last_event_at),
    exposureCount: row.exposure_count,
    seenBy: row.seen_by,
    firstMessageId: row.first_message_id,
    remediation: remediationOf(row),
  };
}

/** How many rows match a filter (for "select all that match" and the table caption). */
export async function countTriageEntries(
  db: Db,
  incidentId: string,
  filter: TriageFilter,
  viewer: TriageViewer,
): Promise<number> {
  const { where, params } = triageWhere(incidentId, filter, viewer);
  const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM triage_entries t WHERE ${where}`, params);
  return row?.n ?? 0;
}

// A count visits every matching triage row: 3.7 ms of PostgreSQL's time for
// the unfiltered table at 23,000 rows, on every view. What it counts changes
// only with an import (which rebuilds the rows and moves the incident's stats
// in one transaction), except the remediation statuses: a customer completing
// a reset or the sweep ending a hold does not move the stats. So a count is
// remembered until the stats move, unless the filter asks about remediation.
const rememberedCount = memoPerKeyUntilStatsMove(
  (db, incidentId, { filter, viewer }: { filter: TriageFilter; viewer: TriageViewer }) =>
    countTriageEntries(db, incidentId, filter, viewer),
  ({ filter, viewer }) => `${viewer.unmasked ? "unmasked" : "masked"}?${triageFilterToParams(filter)}`,
);

/** countTriageEntries for a page's view of an incident, remembered where the rows' imports alone decide it. */
export function countTriageEntriesForView(
  db: Db,
  incident: IncidentVersion,
  filter: TriageFilter,
  viewer: TriageViewer,
): Promise<number> {
  if (filter.action.length > 0) return countTriageEntries(db, incident.id, filter, viewer);
  return rememberedCount(db, incident, { filter, viewer });
}
