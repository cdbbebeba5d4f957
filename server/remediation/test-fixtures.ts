// Factories for the remediation tests and the benchmark: an incident with n
// exposed, matched accounts, written set-based (a million in seconds).
import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { createTestIncident, createTestStaff } from "../timeline/test-fixtures";

export type RemediationFixture = {
  incident: { id: string; slug: string; awareAt: Date };
  requester: { id: string; email: string; name: string };
  approver: { id: string; email: string; name: string };
  accountIds: number[];
};

/**
 * n exposed accounts: every 10th fires the critical "password_changed" rule
 * (tier critical), the rest are tier high; plus `unmatched` exposed addresses
 * with no account. Account ids are the DB ids, in risk order.
 */
export async function createExposedAccounts(
  sql: SqlQueryable,
  incidentId: string,
  n: number,
  options: { unmatched?: number; prefix?: string } = {},
): Promise<void> {
  const prefix = options.prefix ?? incidentId.slice(0, 8);
  const [message] = await sql.query<{ id: number }>(
    `INSERT INTO leak_messages (incident_id, batch_key, recipient_count) VALUES ($1::uuid, $2, $3) RETURNING id`,
    [incidentId, `batch-${prefix}`, n],
  );
  await sql.query(
    `INSERT INTO customer_accounts (external_id, email, email_normalized)
     SELECT $1 || '-' || g, $1 || '.' || g || '@example.com', $1 || '.' || g || '@example.com'
       FROM generate_series(1, $2::int) g`,
    [prefix, n],
  );
  await sql.query(
    `INSERT INTO triage_entries (incident_id, email_normalized, email_original, account_id, external_id, first_message_id,
                                 exposure_count, seen_by, risk_tier, risk_sort, risk_rules)
     SELECT $1::uuid, a.email_normalized, a.email, a.id, a.external_id, $3, 1, $2::int - 1,
            CASE WHEN a.id % 10 = 0 THEN 'critical'::"RiskTier" ELSE 'high'::"RiskTier" END,
            CASE WHEN a.id % 10 = 0 THEN 4000000 ELSE 3000000 END - a.id,
            CASE WHEN a.id % 10 = 0 THEN ARRAY['password_changed'] ELSE ARRAY['new_device_login'] END
       FROM customer_accounts a WHERE a.external_id LIKE $4`,
    [incidentId, n, message!.id, `${prefix}-%`],
  );
  if (options.unmatched) {
    await sql.query(
      `INSERT INTO triage_entries (incident_id, email_normalized, email_original, first_message_id, exposure_count, seen_by,
                                   risk_tier, risk_sort)
       SELECT $1::uuid, 'nobody.' || g || '@' || $3 || '.example', 'nobody.' || g || '@' || $3 || '.example', $2, 1, 1, 'low', g
         FROM generate_series(1, $4::int) g`,
      [incidentId, message!.id, prefix, options.unmatched],
    );
  }
}

export async function createRemediationFixture(db: Db, n: number, options: { unmatched?: number } = {}): Promise<RemediationFixture> {
  const incident = await createTestIncident(db);
  await createExposedAccounts(db.sql, incident.id, n, options);
  const accounts = await db.sql.query<{ account_id: number }>(
    `SELECT account_id FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY risk_sort DESC, id DESC`,
    [incident.id],
  );
  return {
    incident: { id: incident.id, slug: incident.slug, awareAt: incident.awareAt },
    requester: await createTestStaff(db, "Rita Requester"),
    approver: await createTestStaff(db, "Adam Approver"),
    accountIds: accounts.map((a) => Number(a.account_id)),
  };
}

/** A second incident exposing the fixture's matched accounts (the same list sent again, say). */
export async function exposeInAnotherIncident(db: Db, f: RemediationFixture): Promise<{ id: string; slug: string; awareAt: Date }> {
  const other = await createTestIncident(db);
  const [message] = await db.sql.query<{ id: number }>(
    `INSERT INTO leak_messages (incident_id, batch_key, recipient_count) VALUES ($1::uuid, 'batch-other', $2) RETURNING id`,
    [other.id, f.accountIds.length],
  );
  await db.sql.query(
    `INSERT INTO triage_entries (incident_id, email_normalized, email_original, account_id, external_id, first_message_id,
                                 exposure_count, seen_by, risk_tier, risk_sort, risk_rules)
     SELECT $1::uuid, email_normalized, email_original, account_id, external_id, $2, 1, 0, risk_tier, risk_sort, risk_rules
       FROM triage_entries WHERE incident_id = $3::uuid AND account_id IS NOT NULL`,
    [other.id, message!.id, f.incident.id],
  );
  return other;
}

/** A bulk action's items by account: status and last error, for the tests' expectations. */
export function itemOutcomes(db: Db, bulkActionId: string) {
  return db.sql.query<{ account_id: number; status: string; last_error: string | null }>(
    `SELECT account_id, status::text AS status, last_error FROM bulk_action_items WHERE bulk_action_id = $1::uuid ORDER BY account_id`,
    [bulkActionId],
  );
}
