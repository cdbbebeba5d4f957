import { raiseWorkMemForBulk } from "../db/bulk-work-mem";
import type { SqlQueryable } from "../db/driver";
import {
  attachIncidentTable,
  BULK_MIN_ROWS,
  createIncidentTable,
  incidentPartition,
  lockIncidentForBulkWrite,
} from "../db/incident-partition";
import { BALANCE_SQL, BALANCE_TIER_SQL, RISK_SORT_SQL, RULE_FLAGS_SQL, RULES_FIRED_SQL, TIER_SQL } from "./risk-sql";

const CHANGE_KINDS = "'two_factor_change', 'email_change'";

/**
 * Which triage rows to rebuild: all of an incident's, or only those touched by
 * an import (addresses or accounts listed in a staging table of the session).
 */
export type TriageScope =
  | { kind: "all" }
  | {
      kind: "emails";
      table: string;
      column: string;
      /**
       * Messages the import added recipients to that had some before: their
       * earlier recipients were seen by more people now, so their rows are
       * rebuilt too.
       */
      grownMessages?: number[];
    }
  | { kind: "accounts"; table: string; column: string };

/** Some addresses or accounts, listed in a staging table of the session. */
export type PartialScope = Extract<TriageScope, { kind: "emails" | "accounts" }>;

/**
 * How the rows are written. `in_place` updates and inserts row by row through
 * the table's indexes; `partition` ranks the whole incident into a new table,
 * indexes it once loaded and attaches it in place of the incident's previous
 * rows. `auto` picks `partition` when at least BULK_MIN_ROWS rows are in scope
 * and they are at least a quarter of the incident.
 */
type RebuildStrategy = "auto" | "in_place" | "partition";

export type RebuildResult = { rows: number; strategy: "in_place" | "partition" };

function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad identifier ${name}`);
  return name;
}

/** The columns a rebuild writes, in the order of the verdicts CTE. */
const VERDICT_COLUMNS = [
  "email_normalized",
  "email_original",
  "account_id",
  "external_id",
  "first_message_id",
  "exposure_count",
  "seen_by",
  "two_factor_enabled",
  "balance_usd_cents",
  "balance_tier",
  "country",
  "events_after_t0",
  "last_event_at",
  "password_changed_at",
  "security_changes",
  "withdrawal_changes",
  "new_device_logins",
  "failed_logins",
  "api_keys_created",
  "risk_tier",
  "risk_sort",
  "risk_rules",
] as const;

/**
 * The CTEs that end in `verdicts`: exposures (to/cc recipients: Bcc'd
 * addresses were not disclosed) joined to their account and the account's
 * security events after T0 ($2), then the risk rules. $1 is the incident.
 *
 * `whole` (the whole incident, into a new partition): events are aggregated
 * for every account and joined by hash, and the verdicts stream into the
 * insert. Otherwise only the exposed accounts' events are read, and the
 * verdicts are materialised for the update and the insert that both read them.
 */
function verdictsSql(filter: string, whole: boolean, recipients = "leaked_recipients"): string {
  return `WITH exposures AS (
       SELECT r.email_normalized,
              min(r.email_original) AS email_original,
              min(r.message_id) AS first_message_id,
              count(*)::int AS exposure_count,
              greatest(max(m.recipient_count) - 1, 0) AS seen_by,
              max(r.account_id) AS account_id
         FROM ${identifier(recipients)} r
         JOIN leak_messages m ON m.id = r.message_id
        WHERE r.incident_id = $1 AND r.visibility <> 'bcc' ${filter}
        GROUP BY r.email_normalized
     ), events AS (
       SELECT e.account_id,
              count(*)::int AS events_after_t0,
              max(e.occurred_at) AS last_event_at,
              min(e.occurred_at) FILTER (WHERE e.kind = 'password_change') AS password_changed_at,
              (count(*) FILTER (WHERE e.kind IN (${CHANGE_KINDS})))::int AS security_changes,
              (count(*) FILTER (WHERE e.kind = 'withdrawal_address_change'))::int AS withdrawal_changes,
              (count(*) FILTER (WHERE e.kind = 'login_new_device'))::int AS new_device_logins,
              (count(*) FILTER (WHERE e.kind = 'login_failed'))::int AS failed_logins,
              (count(*) FILTER (WHERE e.kind = 'api_key_created'))::int AS api_keys_created
         FROM security_events e
        WHERE e.occurred_at > $2
          ${whole ? "" : "AND e.account_id IN (SELECT account_id FROM exposures WHERE account_id IS NOT NULL)"}
        GROUP BY e.account_id
     ), f AS (
       SELECT x.*, a.external_id, a.two_factor_enabled, a.balance_usd_cents, a.balance_tier, a.country,
              coalesce(ev.events_after_t0, 0) AS events_after_t0, ev.last_event_at, ev.password_changed_at,
              coalesce(ev.security_changes, 0) AS security_changes,
              coalesce(ev.withdrawal_changes, 0) AS withdrawal_changes,
              coalesce(ev.new_device_logins, 0) AS new_device_logins,
              coalesce(ev.failed_logins, 0) AS failed_logins,
              coalesce(ev.api_keys_created, 0) AS api_keys_created
         FROM exposures x
         LEFT JOIN customer_accounts a ON a.id = x.account_id
         LEFT JOIN events ev ON ev.account_id = x.account_id
     ), g AS (
       -- OFFSET 0 keeps this a subquery of its own: each rule is evaluated
       -- once here, not again wherever the verdicts read its flag.
       SELECT f.*, ${BALANCE_TIER_SQL} AS tier_of_balance,
              ${RULE_FLAGS_SQL}
         FROM (SELECT f.*, ${BALANCE_SQL} AS balance_value FROM f) f
       OFFSET 0
     ), verdicts AS ${whole ? "" : "MATERIALIZED "}(
       SELECT g.email_normalized, g.email_original, g.account_id, g.external_id, g.first_message_id, g.exposure_count,
              g.seen_by, g.two_factor_enabled, g.balance_usd_cents, g.tier_of_balance AS balance_tier, g.country,
              g.events_after_t0, g.last_event_at, g.password_changed_at, g.security_changes, g.withdrawal_changes,
              g.new_device_logins, g.failed_logins, g.api_keys_created,
              (${TIER_SQL})::"RiskTier" AS risk_tier, ${RISK_SORT_SQL} AS risk_sort, ${RULES_FIRED_SQL} AS risk_rules
         FROM g
     )`;
}

/**
 * SQL true for the rows in scope, on `alias` (leaked_recipients or
 * triage_entries, which name the address and the account alike): the
 * addresses or accounts the staging table lists and, for addresses, those of
 * the messages that grew. $1 is the incident; the grown messages' ids, when
 * there are any, are bound to $`nextParam` and returned in `params`.
 */
export function scopeFilter(
  scope: PartialScope,
  alias: string,
  nextParam: number,
): { sql: string; params: unknown[] } {
  const column = `${identifier(alias)}.${scope.kind === "emails" ? "email_normalized" : "account_id"}`;
  const listed = `SELECT ${identifier(scope.column)} FROM ${identifier(scope.table)}`;
  if (scope.kind !== "emails" || !scope.grownMessages?.length) return { sql: `${column} IN (${listed})`, params: [] };
  return {
    sql: `${column} IN (${listed} UNION SELECT g.email_normalized FROM leaked_recipients g
           WHERE g.incident_id = $1 AND g.message_id = ANY($${nextParam}::int[]))`,
    params: [scope.grownMessages],
  };
}

export type RebuildOptions = { strategy?: RebuildStrategy };

/**
 * Rebuilds the triage rows of an incident with set-based SQL, inside the
 * caller's transaction. A rebuild of the whole incident (scope `all`, or the
 * `partition` strategy) also removes rows of addresses no longer exposed.
 * Remediation is not part of a triage row (account_remediation holds it),
 * so a rebuild never touches it.
 */
export async function rebuildTriage(
  tx: SqlQueryable,
  incidentId: string,
  scope: TriageScope = { kind: "all" },
  options: RebuildOptions = {},
): Promise<RebuildResult> {
  let strategy = options.strategy ?? "auto";
  const [incident] = await tx.query<{ aware_at: Date; ranked: number }>(
    `SELECT i.aware_at, coalesce(s.unique_addresses, 0)::int AS ranked
       FROM incidents i LEFT JOIN incident_stats s ON s.incident_id = i.id WHERE i.id = $1`,
    [incidentId],
  );
  if (!incident) throw new Error(`Incident ${incidentId} does not exist`);
  await lockIncidentForBulkWrite(tx, incidentId);
  await raiseWorkMemForBulk(tx);
  if (strategy === "auto")
    strategy = (await prefersPartition(tx, incidentId, scope, incident.ranked)) ? "partition" : "in_place";
  // Whether the incident has triage rows to update.
  const [{ known } = { known: false }] = await tx.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM triage_entries WHERE incident_id = $1) AS known`,
    [incidentId],
  );
  const rows =
    strategy === "partition"
      ? await rebuildIntoPartition(tx, incidentId, incident.aware_at)
      : await rebuildInPlace(tx, incidentId, incident.aware_at, known, scope);
  return { rows, strategy };
}

async function prefersPartition(
  tx: SqlQueryable,
  incidentId: string,
  scope: TriageScope,
  ranked: number,
): Promise<boolean> {
  const [row] =
    scope.kind === "all"
      ? await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM leaked_recipients WHERE incident_id = $1`, [
          incidentId,
        ])
      : await tx.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${identifier(scope.table)}`);
  let inScope = row?.n ?? 0;
  if (scope.kind === "emails" && scope.grownMessages?.length) {
    // The earlier recipients of the messages that grew are ranked again too:
    // a file that adds one address to each of a thousand full messages
    // re-ranks a million rows. Their counts include the new rows (an
    // estimate from above, enough to choose by).
    const [grown] = await tx.query<{ n: number }>(
      `SELECT coalesce(sum(recipient_count), 0)::int AS n FROM leak_messages WHERE id = ANY($1::int[])`,
      [scope.grownMessages],
    );
    inScope += grown?.n ?? 0;
  }
  return inScope >= BULK_MIN_ROWS && inScope * 4 >= ranked;
}

async function rebuildInPlace(
  tx: SqlQueryable,
  incidentId: string,
  awareAt: Date,
  known: boolean,
  scope: TriageScope,
): Promise<number> {
  const inScope = scope.kind === "all" ? null : scopeFilter(scope, "r", 3);
  // Rows already there are updated in place and keep their id (and with it
  // their place in a page); new rows go in in risk
  // order, so the risk and balance indexes grow at a few points instead of at
  // a million random ones. Imports only add exposures, so only a rebuild of
  // the whole incident can find rows to remove.
  const changed = known
    ? `, changed AS (
         UPDATE triage_entries t SET ${VERDICT_COLUMNS.filter((c) => c !== "email_normalized")
           .map((c) => `${c} = v.${c}`)
           .join(", ")}
          FROM verdicts v
         WHERE t.incident_id = $1 AND t.email_normalized = v.email_normalized
         RETURNING t.email_normalized
     )${
       scope.kind === "all"
         ? `, gone AS (
         DELETE FROM triage_entries t
          WHERE t.incident_id = $1 AND NOT EXISTS (SELECT 1 FROM verdicts v WHERE v.email_normalized = t.email_normalized))`
         : ""
     }`
    : "";
  const [counts] = await tx.query<{ updated: number; inserted: number }>(
    `${verdictsSql(inScope ? `AND ${inScope.sql}` : "", false)}${changed}, inserted AS (
       INSERT INTO triage_entries (incident_id, ${VERDICT_COLUMNS.join(", ")})
       SELECT $1, ${VERDICT_COLUMNS.map((c) => `v.${c}`).join(", ")}
         FROM verdicts v
        ${known ? "WHERE v.email_normalized NOT IN (SELECT email_normalized FROM changed)" : ""}
        ORDER BY v.risk_sort DESC
       RETURNING 1)
     SELECT ${known ? "(SELECT count(*) FROM changed)::int" : "0"} AS updated,
            (SELECT count(*) FROM inserted)::int AS inserted`,
    [incidentId, awareAt, ...(inScope?.params ?? [])],
  );
  return (counts?.updated ?? 0) + (counts?.inserted ?? 0);
}

/**
 * Ranks the whole incident into a new table without indexes, then swaps it
 * in (see server/db/incident-partition.ts). Readers see the old rows until
 * the caller commits.
 */
async function rebuildIntoPartition(tx: SqlQueryable, incidentId: string, awareAt: Date): Promise<number> {
  const table = await createIncidentTable(tx, "triage_entries", incidentId);
  // Grouped, not hashed: the exposures are then read in the order of the
  // recipients' primary key (address first), one address after another,
  // instead of through a hash table of a million addresses; and the rows
  // reach the new table in address order, so that sorting them for its
  // primary key is a single pass over sorted input. The planner prices both
  // ways alike and picks the hash.
  const [planner] = await tx.query<{ hashagg: string }>(`SELECT current_setting('enable_hashagg') AS hashagg`);
  await tx.exec(`SET LOCAL enable_hashagg = off`);
  // Read from the incident's partition, not through the parent: PGlite's
  // planner (PostgreSQL 18) otherwise estimates the addresses from the
  // parent's statistics, which nothing gathers, guesses 200 and looks up
  // the accounts one address at a time instead of hashing the directory.
  const recipients =
    (await incidentPartition(tx, "leaked_recipients", incidentId)) ?? "leaked_recipients_default";
  const inserted = await tx.run(
    `${verdictsSql("", true, recipients)}
       INSERT INTO ${table} (incident_id, ${VERDICT_COLUMNS.join(", ")})
       SELECT $1, ${VERDICT_COLUMNS.map((c) => `v.${c}`).join(", ")}
         FROM verdicts v`,
    [incidentId, awareAt],
  );
  await tx.query(`SELECT set_config('enable_hashagg', $1, true)`, [planner!.hashagg]);
  await attachIncidentTable(tx, "triage_entries", incidentId, table);
  // Statistics for the pages' plans until autovacuum gathers more (PGlite
  // has none: these stay). A sample of 3,000 rows instead of 30,000 is
  // enough for what the pages filter on (flags, tiers, a dozen countries)
  // and reads a tenth of the pages: 0.1 s against 2 s at a million rows.
  const [statistics] = await tx.query<{ target: string }>(
    `SELECT current_setting('default_statistics_target') AS target`,
  );
  await tx.exec(`SET LOCAL default_statistics_target = 10`);
  await tx.exec(`ANALYZE ${table}`);
  await tx.query(`SELECT set_config('default_statistics_target', $1, true)`, [statistics!.target]);
  return inserted;
}
