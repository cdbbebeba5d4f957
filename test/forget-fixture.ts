import { randomUUID } from "node:crypto";
import { DEFAULT_NOTICE_TEMPLATE } from "../lib/notify/render-notice";
import type { Db } from "../server/db";
import {
  attachIncidentTable,
  BULK_MIN_ROWS,
  createIncidentTable,
  type PartitionedTable,
} from "../server/db/incident-partition";
import { refreshIncidentStats } from "../server/incidents/refresh-incident-stats";
import { saveNoticeTemplate } from "../server/notify/save-notice-template";
import { createExposedAccounts } from "../server/remediation/test-fixtures";
import { createTestIncident, createTestStaff } from "../server/timeline/test-fixtures";

/** An address in the fixture's stored API answers that is not the incident's: it stays. */
export const OTHER_INCIDENTS_ADDRESS = "someone.else@elsewhere.example";

export type ForgetFixture = {
  incident: { id: string; slug: string; awareAt: Date; leakStartedAt: Date };
  /** Rows the incident holds, by table: what a step must count. */
  rows: { leaked_recipients: number; triage_entries: number; notice_messages: number; notice_outbox: number };
};

/**
 * A closed incident, built set-based (100,000 addresses in seconds): `n`
 * exposed addresses (a fifth with no account), each in one leaked message and
 * every tenth in a second; the originals written with capitals and a display
 * name, so their bytes are the incident's own (the customer directory holds
 * the lower-case ones, and is kept). A campaign of `notices` messages with
 * their outbox copies, an account note, an import's rejected line and a
 * security event's detail that each carry an address, and a stored API
 * answer (idempotency_records) that carries one.
 */
export async function createForgetFixture(
  db: Db,
  n: number,
  options: { notices?: number; partitionsOfItsOwn?: boolean } = {},
): Promise<ForgetFixture> {
  const notices = options.notices ?? 50;
  const incident = await createTestIncident(db);
  const prefix = `f${incident.id.slice(0, 6)}`;
  const unmatched = Math.floor(n / 5);
  await createExposedAccounts(db.sql, incident.id, n - unmatched, { unmatched, prefix });
  const [second] = await db.sql.query<{ id: number }>(
    `INSERT INTO leak_messages (incident_id, batch_key, subject, recipient_count) VALUES ($1::uuid, $2, 'Your statement', 0) RETURNING id`,
    [incident.id, `second-${prefix}`],
  );
  const leaked = await db.sql.run(
    `INSERT INTO leaked_recipients (incident_id, message_id, email_original, email_normalized, display_name, visibility, account_id)
     SELECT t.incident_id, m.id, initcap(t.email_normalized), t.email_normalized, 'Customer ' || initcap(t.email_normalized),
            'to', t.account_id
       FROM triage_entries t
       JOIN leak_messages m ON m.incident_id = t.incident_id AND (m.id = t.first_message_id OR (m.id = $2 AND t.id % 10 = 0))
      WHERE t.incident_id = $1::uuid`,
    [incident.id, second!.id],
  );
  const staff = await createTestStaff(db, "Nora Notetaker");
  const template = await saveNoticeTemplate(db, incident.id, DEFAULT_NOTICE_TEMPLATE, staff);
  const [campaign] = await db.sql.query<{ id: string }>(
    `INSERT INTO notice_campaigns (id, incident_id, template_id, status, audience, total, sent, needs_approval, requested_by_id, finished_at)
     VALUES (gen_random_uuid(), $1::uuid, $2::uuid, 'completed', '', $3, $3, false, $4::uuid, now()) RETURNING id::text`,
    [incident.id, template.id, notices, staff.id],
  );
  const sent = await db.sql.run(
    `INSERT INTO notice_messages (campaign_id, seq, account_id, recipient, message_id, status, last_response, done_at)
     SELECT $2::uuid, row_number() OVER (ORDER BY t.id)::int, t.account_id, t.email_normalized,
            '<notice.' || $2 || '.' || t.id || '@exchange.example>', 'sent', '250 2.0.0 Ok: queued for <' || t.email_normalized || '>', now()
       FROM (SELECT * FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY id LIMIT $3) t`,
    [incident.id, campaign!.id, notices],
  );
  const outbox = await db.sql.run(
    `INSERT INTO notice_outbox (incident_id, campaign_id, message_id, recipient, subject, raw)
     SELECT $1::uuid, $2::uuid, message_id, recipient, 'Security notice', 'To: ' || initcap(recipient) || E'\\r\\n\\r\\nDear customer'
       FROM notice_messages WHERE campaign_id = $2::uuid`,
    [incident.id, campaign!.id],
  );
  const [account] = await db.sql.query<{ id: number; email: string }>(
    `SELECT account_id AS id, email_normalized AS email FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY id LIMIT 1`,
    [incident.id],
  );
  const shouted = account!.email.toUpperCase();
  await db.sql.run(
    `INSERT INTO account_notes (id, incident_id, account_id, body, ticket_ref, author_id, request_key)
     VALUES (gen_random_uuid(), $1::uuid, $2, $3, 'ZD-1', $4::uuid, $5)`,
    [incident.id, account!.id, `Called back; customer asked to use ${shouted} from now on.`, staff.id, randomUUID()],
  );
  await db.sql.run(
    `INSERT INTO security_events (incident_id, account_id, kind, occurred_at, ip, detail)
     VALUES ($1::uuid, $2, 'email_change', $3::timestamptz, '203.0.113.9', $4)`,
    [incident.id, account!.id, new Date(incident.awareAt.getTime() + 3_600_000).toISOString(), `changed to ${shouted}`],
  );
  const [job] = await db.sql.query<{ id: string }>(
    `INSERT INTO import_jobs (id, incident_id, kind, status, file_name, rejected) VALUES (gen_random_uuid(), $1::uuid, 'recipients', 'completed', 'list.csv', 1) RETURNING id::text`,
    [incident.id],
  );
  await db.sql.run(`INSERT INTO import_rejects (import_id, line, reason, raw) VALUES ($1::uuid, 7, $2, $3)`, [
    job!.id,
    `Two addresses in one cell: ${shouted}`,
    `"${shouted}; ${shouted}",x`,
  ]);
  // The API's stored answers name no incident: one carries the address (an
  // account looked up through the API), the other another incident's.
  await db.sql.run(
    `INSERT INTO idempotency_records (scope, key, request_hash, response_status, response_body)
     VALUES ($1, $2, 'h1', 200, $3::jsonb), ($1, $4, 'h2', 200, $5::jsonb)`,
    [
      `user:${staff.id}`,
      `lookup-${prefix}`,
      JSON.stringify({ account: { id: account!.id, email: shouted }, note: `Reached at ${shouted}.` }),
      `other-${prefix}`,
      JSON.stringify({ account: { email: OTHER_INCIDENTS_ADDRESS } }),
    ],
  );
  if (options.partitionsOfItsOwn ?? n >= BULK_MIN_ROWS) await movePartitionsOfItsOwn(db, incident.id);
  await refreshIncidentStats(db.sql, incident.id);
  const closed = new Date();
  await db.sql.run(
    `UPDATE incidents SET status = 'closed', closed_at = $2::timestamptz, pseudonymise_at = $2::timestamptz,
            erase_at = $2::timestamptz + interval '5 years' WHERE id = $1::uuid`,
    [incident.id, closed.toISOString()],
  );
  return {
    incident: {
      id: incident.id,
      slug: incident.slug,
      awareAt: incident.awareAt,
      leakStartedAt: incident.leakStartedAt,
    },
    rows: { leaked_recipients: leaked, triage_entries: n, notice_messages: sent, notice_outbox: outbox },
  };
}

/**
 * A large incident's rows in partitions of its own, as a large import leaves
 * them (server/db/incident-partition.ts); the fixture writes them row by row
 * into the shared default partition first.
 */
async function movePartitionsOfItsOwn(db: Db, incidentId: string): Promise<void> {
  await db.sql.transaction(async (tx) => {
    for (const parent of ["leaked_recipients", "triage_entries"] satisfies PartitionedTable[]) {
      const table = await createIncidentTable(tx, parent, incidentId);
      await tx.run(`INSERT INTO ${table} SELECT * FROM ${parent} WHERE incident_id = $1::uuid`, [incidentId]);
      await attachIncidentTable(tx, parent, incidentId, table);
    }
  });
}

/** The incident's original addresses (lower case), the search's needles: read before they are pseudonymised. */
export async function addressesOf(db: Db, incidentId: string): Promise<string[]> {
  const rows = await db.sql.query<{ a: string }>(
    `SELECT DISTINCT lower(email_original) AS a FROM leaked_recipients WHERE incident_id = $1::uuid`,
    [incidentId],
  );
  return rows.map((r) => r.a);
}

/**
 * Every text, character, JSON and text-array column of every table in the
 * schema but customer_accounts (the directory, kept): how many values hold
 * one of `addresses`, by table and column. Address-shaped words are pulled
 * out of each value and joined to the needles, so the search is set-based.
 */
export async function searchWholeDatabase(db: Db, addresses: readonly string[]): Promise<Record<string, number>> {
  return db.sql.transaction(async (tx) => {
    await tx.exec(`CREATE TEMPORARY TABLE needles (a text PRIMARY KEY) ON COMMIT DROP`);
    await tx.run(`INSERT INTO needles SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [addresses]);
    const columns = await tx.query<{ table_name: string; column_name: string }>(
      `SELECT c.table_name, c.column_name FROM information_schema.columns c
         JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
        WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
          AND c.table_name <> 'customer_accounts'
          AND (c.data_type IN ('text', 'character varying', 'character', 'jsonb', 'json') OR c.udt_name = '_text')
        ORDER BY 1, 2`,
    );
    const found: Record<string, number> = {};
    for (const { table_name: table, column_name: column } of columns) {
      const [row] = await tx.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM "${table}" x,
                LATERAL regexp_matches(lower(x."${column}"::text), '[a-z0-9._%+''-]+@[a-z0-9.-]+\\.[a-z]{2,}', 'g') m
          WHERE EXISTS (SELECT 1 FROM needles WHERE a = m[1])`,
      );
      if (Number(row?.n) > 0) found[`${table}.${column}`] = Number(row!.n);
    }
    return found;
  });
}
