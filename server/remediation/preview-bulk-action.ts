import {
  CRITICAL_RULE_IDS,
  PRIOR_HOLD_STATES,
  SKIP_REASONS,
  type ActionKind,
  type PriorHoldState,
  type SkipReason,
} from "../../lib/remediation/actions";
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { startedWithoutApproval, type Requester } from "../jobs/four-eyes";
import { bulkActionFourEyesWork } from "./four-eyes-work";
import { remediationConfig } from "./remediation-config";
import type { BulkSelection } from "../../lib/remediation/contracts";
import { selectionSource } from "../triage/selection-sql";
import { priorHoldStateSql, skipReasonSql } from "./skip-reason-sql";

export type SkipCounts = Partial<Record<SkipReason, number>>;
export type PriorHoldCounts = Partial<Record<PriorHoldState, number>>;

/** Holds: whether accounts released as verified with the customer are held again on purpose. */
export type SelectionOptions = { includeVerified?: boolean };

export type BulkPreview = {
  kind: ActionKind;
  /** Triage rows (exposed addresses) the selection covers. */
  selected: number;
  /** Accounts the action will touch. */
  eligible: number;
  skipped: SkipCounts;
  /** Holds: the accounts it will touch by their earlier hold state (empty for other kinds). */
  priorHoldStates: PriorHoldCounts;
  /** Holds: accounts released as verified with the customer are included on purpose. */
  includeVerified: boolean;
  /** Releases: accounts whose critical risk rule still fires (needs an explicit confirmation). */
  criticalStillFiring: number;
  needsApproval: boolean;
  approvalThreshold: number;
  /** The first accounts it will touch, in risk order: the exchange's account ids. */
  first: string[];
  /** SHA-256 (hex) of the accounts it will touch (lib/remediation/selection-digest.ts): the request repeats it. */
  digest: string;
};

const PREVIEW_FIRST = 5;

/** The classified selection: one row per selected triage row, with its skip reason (NULL: acted on). */
export function classifiedSql(
  incidentId: string,
  kind: ActionKind,
  selection: BulkSelection,
  at: Date,
  options: SelectionOptions = {},
): { sql: string; params: unknown[] } {
  const source = selectionSource(incidentId, selection);
  const params = [...source.params];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const now = param(at.toISOString());
  const cooldown = param(remediationConfig().releaseCooldownHours);
  const critical = param(CRITICAL_RULE_IDS);
  const hold = kind === "withdrawal_hold";
  // One triage row per account (an account is matched by its one normalised address).
  // Holds also read the account's last hold: how it ended decides the earlier state.
  const sql = `SELECT s.id, s.account_id, s.risk_sort,
                      s.risk_rules && ${critical}::text[] AS critical,
                      ${skipReasonSql(kind, "$1", "p.now_at", "p.cooldown_hours", options.includeVerified ?? false)} AS skip,
                      ${hold ? priorHoldStateSql("p.now_at") : "NULL::text"} AS prior
                 FROM (${source.sql}) s
                 CROSS JOIN (SELECT ${now}::timestamptz AS now_at, ${cooldown}::float8 AS cooldown_hours) p
                 LEFT JOIN account_remediation ar ON ar.incident_id = $1 AND ar.account_id = s.account_id
                 ${hold ? "LEFT JOIN withdrawal_holds wh ON wh.id = ar.hold_id" : ""}`;
  return { sql, params };
}

export async function countClassified(
  sql: SqlQueryable,
  classified: { sql: string; params: unknown[] },
): Promise<{ selected: number; eligible: number; skipped: SkipCounts; critical: number; prior: PriorHoldCounts }> {
  const rows = await sql.query<{ skip: SkipReason | null; prior: PriorHoldState | null; n: number; critical: number }>(
    `SELECT skip, CASE WHEN skip IS NULL THEN prior END AS prior, count(*)::int AS n,
            count(*) FILTER (WHERE critical AND skip IS NULL)::int AS critical
       FROM (${classified.sql}) c GROUP BY 1, 2`,
    classified.params,
  );
  const skipped: SkipCounts = {};
  const prior: PriorHoldCounts = {};
  let eligible = 0;
  let selected = 0;
  let critical = 0;
  for (const row of rows) {
    selected += row.n;
    critical += row.critical;
    if (row.skip === null) {
      eligible += row.n;
      if (row.prior !== null && (PRIOR_HOLD_STATES as readonly string[]).includes(row.prior)) prior[row.prior] = row.n;
    } else if ((SKIP_REASONS as readonly string[]).includes(row.skip)) skipped[row.skip] = row.n;
  }
  return { selected, eligible, skipped, critical, prior };
}

/**
 * The digest of the accounts a classified selection acts on, as
 * selectionDigest defines it: their exchange ids sorted bytewise (COLLATE
 * "C", the same on every database), one per line, SHA-256 in hex.
 */
export async function digestClassified(sql: SqlQueryable, classified: { sql: string; params: unknown[] }): Promise<string> {
  const [row] = await sql.query<{ digest: string }>(
    `SELECT encode(sha256(convert_to(coalesce(string_agg(a.external_id, E'\\n' ORDER BY a.external_id COLLATE "C"), ''), 'UTF8')), 'hex') AS digest
       FROM (${classified.sql}) c JOIN customer_accounts a ON a.id = c.account_id WHERE c.skip IS NULL`,
    classified.params,
  );
  return row?.digest ?? "";
}


/** Account ids of a file that are not exposed in the incident (or unknown): reported as skipped. */
export async function countUnknownAccountIds(db: Db, incidentId: string, externalIds: readonly string[]): Promise<number> {
  if (externalIds.length === 0) return 0;
  const [row] = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM (SELECT DISTINCT unnest($2::text[]) AS external_id) f
      WHERE NOT EXISTS (SELECT 1 FROM customer_accounts a JOIN triage_entries t ON t.incident_id = $1 AND t.account_id = a.id
                         WHERE a.external_id = f.external_id)`,
    [incidentId, externalIds],
  );
  return row?.n ?? 0;
}

/**
 * The dry run of a bulk action: how many accounts it would touch, how many
 * it leaves out and why, whether it needs a second person's approval.
 * Nothing is written.
 */
export async function previewBulkAction(
  db: Db,
  incidentId: string,
  input: { kind: ActionKind; selection: BulkSelection } & SelectionOptions,
  at = new Date(),
  /** Whose request it would be: what they started without approval in the last 24 hours counts too. */
  requester?: Requester,
): Promise<BulkPreview> {
  const includeVerified = input.kind === "withdrawal_hold" && (input.includeVerified ?? false);
  const classified = classifiedSql(incidentId, input.kind, input.selection, at, { includeVerified });
  const [counts, first, unknown, digest] = await Promise.all([
    countClassified(db.sql, classified),
    db.sql.query<{ external_id: string }>(
      `SELECT a.external_id FROM (${classified.sql}) c JOIN customer_accounts a ON a.id = c.account_id
        WHERE c.skip IS NULL ORDER BY c.risk_sort DESC, c.id DESC LIMIT ${PREVIEW_FIRST}`,
      classified.params,
    ),
    input.selection.kind === "accounts" ? countUnknownAccountIds(db, incidentId, input.selection.externalIds) : 0,
    digestClassified(db.sql, classified),
  ]);
  const windowTotal = requester
    ? await startedWithoutApproval(db.sql, bulkActionFourEyesWork(incidentId, input.kind), requester, at)
    : 0;
  const skipped = { ...counts.skipped };
  if (unknown > 0) skipped.not_in_incident = unknown;
  const threshold = remediationConfig().approvalThreshold;
  return {
    kind: input.kind,
    selected: counts.selected + unknown,
    eligible: counts.eligible,
    skipped,
    priorHoldStates: counts.prior,
    includeVerified,
    criticalStillFiring: input.kind === "hold_release" ? counts.critical : 0,
    needsApproval: counts.eligible + windowTotal > threshold,
    approvalThreshold: threshold,
    first: first.map((row) => row.external_id),
    digest,
  };
}
