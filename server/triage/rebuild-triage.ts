import type { SqlQueryable } from "../db/driver";
import { BALANCE_TIER_SQL, RISK_SORT_SQL, RULES_FIRED_SQL, TIER_SQL } from "./risk-sql";

const CHANGE_KINDS = "'two_factor_change', 'email_change'";

/**
 * Which triage rows to rebuild: all of an incident's, or only those touched by
 * an import (addresses or accounts listed in a staging table of the session).
 */
export type TriageScope =
  | { kind: "all" }
  | { kind: "emails"; table: string; column: string }
  | { kind: "accounts"; table: string; column: string };

function identifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Bad identifier ${name}`);
  return name;
}

/**
 * Rebuilds the triage rows of an incident with set-based SQL: exposures
 * (to/cc recipients: Bcc'd addresses were not disclosed) joined to their
 * account and the account's security events after T0, then the risk rules.
 * Rows of addresses no longer exposed in scope are removed.
 */
export async function rebuildTriage(tx: SqlQueryable, incidentId: string, scope: TriageScope = { kind: "all" }): Promise<number> {
  const [incident] = await tx.query<{ aware_at: Date }>(`SELECT aware_at FROM incidents WHERE id = $1`, [incidentId]);
  if (!incident) throw new Error(`Incident ${incidentId} does not exist`);
  let scopeFilter = "";
  if (scope.kind === "emails") {
    scopeFilter = `AND r.email_normalized IN (SELECT ${identifier(scope.column)} FROM ${identifier(scope.table)})`;
  } else if (scope.kind === "accounts") {
    scopeFilter = `AND r.account_id IN (SELECT ${identifier(scope.column)} FROM ${identifier(scope.table)})`;
  }
  if (scope.kind === "all") {
    await tx.query(`DELETE FROM triage_entries WHERE incident_id = $1`, [incidentId]);
  }
  await tx.exec(`SET LOCAL work_mem = '64MB'`);
  const [{ known } = { known: false }] = await tx.query<{ known: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM triage_entries WHERE incident_id = $1) AS known`,
    [incidentId],
  );
  // Rows already there are updated in place and keep their id (and with it
  // their place in a page); new rows go in in risk order, so the risk and
  // balance indexes grow at a few points instead of at a million random ones.
  const update = known
    ? `, changed AS (
         UPDATE triage_entries t SET
           email_original = v.email_original, account_id = v.account_id, external_id = v.external_id,
           first_message_id = v.first_message_id, exposure_count = v.exposure_count, seen_by = v.seen_by,
           two_factor_enabled = v.two_factor_enabled, balance_usd_cents = v.balance_usd_cents,
           balance_tier = v.balance_tier, country = v.country, events_after_t0 = v.events_after_t0,
           last_event_at = v.last_event_at, password_changed_at = v.password_changed_at,
           security_changes = v.security_changes, withdrawal_changes = v.withdrawal_changes,
           new_device_logins = v.new_device_logins, failed_logins = v.failed_logins,
           api_keys_created = v.api_keys_created, risk_tier = v.risk_tier, risk_sort = v.risk_sort,
           risk_rules = v.risk_rules
          FROM verdicts v
         WHERE t.incident_id = $1 AND t.email_normalized = v.email_normalized
         RETURNING t.email_normalized)`
    : "";
  const [counts] = await tx.query<{ updated: number; inserted: number }>(
    `WITH exposures AS (
       SELECT r.email_normalized,
              min(r.email_original) AS email_original,
              min(r.message_id) AS first_message_id,
              count(*)::int AS exposure_count,
              greatest(max(m.recipient_count) - 1, 0) AS seen_by,
              max(r.account_id) AS account_id
         FROM leaked_recipients r
         JOIN leak_messages m ON m.id = r.message_id
        WHERE r.incident_id = $1 AND r.visibility <> 'bcc' ${scopeFilter}
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
        WHERE e.occurred_at > $2 AND e.account_id IN (SELECT account_id FROM exposures WHERE account_id IS NOT NULL)
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
     ), verdicts AS MATERIALIZED (
       SELECT f.email_normalized, f.email_original, f.account_id, f.external_id, f.first_message_id, f.exposure_count,
              f.seen_by, f.two_factor_enabled, f.balance_usd_cents, ${BALANCE_TIER_SQL} AS balance_tier, f.country,
              f.events_after_t0, f.last_event_at, f.password_changed_at, f.security_changes, f.withdrawal_changes,
              f.new_device_logins, f.failed_logins, f.api_keys_created,
              (${TIER_SQL})::"RiskTier" AS risk_tier, ${RISK_SORT_SQL} AS risk_sort, ${RULES_FIRED_SQL} AS risk_rules
         FROM f
     )${update}, inserted AS (
       INSERT INTO triage_entries (
         incident_id, email_normalized, email_original, account_id, external_id, first_message_id, exposure_count,
         seen_by, two_factor_enabled, balance_usd_cents, balance_tier, country, events_after_t0, last_event_at,
         password_changed_at, security_changes, withdrawal_changes, new_device_logins, failed_logins, api_keys_created,
         risk_tier, risk_sort, risk_rules)
       SELECT $1, v.email_normalized, v.email_original, v.account_id, v.external_id, v.first_message_id, v.exposure_count,
              v.seen_by, v.two_factor_enabled, v.balance_usd_cents, v.balance_tier, v.country, v.events_after_t0,
              v.last_event_at, v.password_changed_at, v.security_changes, v.withdrawal_changes, v.new_device_logins,
              v.failed_logins, v.api_keys_created, v.risk_tier, v.risk_sort, v.risk_rules
         FROM verdicts v
        ${known ? "WHERE v.email_normalized NOT IN (SELECT email_normalized FROM changed)" : ""}
        ORDER BY v.risk_sort DESC
       RETURNING 1)
     SELECT ${known ? "(SELECT count(*) FROM changed)::int" : "0"} AS updated, (SELECT count(*) FROM inserted)::int AS inserted`,
    [incidentId, incident.aware_at],
  );
  return (counts?.updated ?? 0) + (counts?.inserted ?? 0);
}
