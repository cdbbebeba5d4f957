import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDbWithRoles, testDbKinds, type RolesTestDb } from "./db";
import { appendAuditEntries, recordAudit } from "../server/audit/record-audit";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { attachIncidentTable, createIncidentTable } from "../server/db/incident-partition";
import { drainWork } from "../server/workers/work";
import { requestBulkAction } from "../server/remediation/request-bulk-action";
import { createRemediationFixture } from "../server/remediation/test-fixtures";

// PostgreSQL with two roles (BREACHDESK_MIGRATION_DATABASE_URL): the owner
// migrates; the app's role, which the app connects as, owns no audit table, so
// it can neither switch the append-only trigger off nor rewrite the log or its
// head. PGlite has one user: there is nothing to separate.
const kinds = testDbKinds().filter((kind) => kind === "postgres");

describe.runIf(kinds.length > 0)("the app's own database role on PostgreSQL", () => {
  let db: RolesTestDb;
  beforeAll(async () => {
    db = await openTestDbWithRoles();
    const actor = { id: "00000000-0000-4000-8000-000000000001", email: "a@breachdesk.test" };
    for (let i = 1; i <= 3; i++) await recordAudit(db.prisma, { actor, action: `test.entry_${i}` });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("connects as the app role; the migrations ran as the owner, who owns the audit log", async () => {
    const [me] = await db.sql.query<{ name: string }>(`SELECT current_user AS name`);
    expect(me!.name).toBe(db.appRole);
    const owners = await db.sql.query<{ tablename: string; tableowner: string }>(
      `SELECT tablename, tableowner FROM pg_tables
        WHERE schemaname = current_schema() AND tablename IN ('audit_log', 'audit_chain_head', '_prisma_migrations', 'incidents')
        ORDER BY tablename`,
    );
    expect(owners.map((row) => row.tableowner)).toEqual([db.ownerRole, db.ownerRole, db.ownerRole, db.ownerRole]);
    const [fn] = await db.sql.query<{ owner: string; definer: boolean }>(
      `SELECT pg_get_userbyid(proowner) AS owner, prosecdef AS definer FROM pg_proc WHERE proname = 'audit_chain_advance'`,
    );
    expect(fn).toEqual({ owner: db.ownerRole, definer: true });
  });

  it("cannot switch the append-only trigger off, nor replace its function", async () => {
    await expect(db.sql.exec(`ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update_or_delete`)).rejects.toThrow(
      /must be owner/,
    );
    await expect(db.sql.exec(`ALTER TABLE audit_log DISABLE TRIGGER ALL`)).rejects.toThrow(/must be owner/);
    await expect(
      db.sql.exec(
        `CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$`,
      ),
    ).rejects.toThrow(/must be owner/);
    await expect(db.sql.exec(`SET session_replication_role = replica`)).rejects.toThrow(/permission denied/);
  });

  it("cannot UPDATE, DELETE or TRUNCATE the audit log", async () => {
    await expect(db.sql.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(/permission denied/);
    await expect(db.sql.query(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow(/permission denied/);
    await expect(db.sql.exec(`TRUNCATE audit_log`)).rejects.toThrow(/permission denied/);
  });

  it("moves the head only through audit_chain_advance", async () => {
    await expect(db.sql.query(`UPDATE audit_chain_head SET last_id = 1`)).rejects.toThrow(/permission denied/);
    await expect(db.sql.query(`DELETE FROM audit_chain_head`)).rejects.toThrow(/permission denied/);
    await expect(db.sql.query(`SELECT last_id FROM audit_chain_head FOR UPDATE`)).rejects.toThrow(/permission denied/);
    await expect(db.sql.query(`INSERT INTO audit_chain_head (id, last_id, hash) VALUES (2, 0, 'x')`)).rejects.toThrow(
      /permission denied/,
    );
    await expect(db.sql.query(`SELECT audit_chain_advance(1, 'x')`)).rejects.toThrow(/only moves forward/);
    await expect(db.sql.query(`SELECT audit_chain_advance(4, 'x')`)).rejects.toThrow(/do not continue the chain/);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("works under the app role: audit entries, a bulk action's batches, an incident partition", async () => {
    await db.sql.transaction((tx) =>
      appendAuditEntries(
        tx,
        [1, 2].map((i) => ({ actor: null, action: `test.bulk_${i}` })),
      ),
    );
    const f = await createRemediationFixture(db, 40);
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Changed after T0", selection: { kind: "filter", query: "" }, holdHours: 72 },
      f.requester,
    );
    expect(requested.status).toBe("running");
    expect(await drainWork(db)).toBeGreaterThan(0);
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(bulk).toMatchObject({ status: "completed", succeeded: 40 });
    // A large import's own partition: created, indexed and attached by the app role.
    const incidentId = randomUUID();
    await db.sql.transaction(async (tx) => {
      const table = await createIncidentTable(tx, "triage_entries", incidentId);
      await attachIncidentTable(tx, "triage_entries", incidentId, table);
    });
    const report = await verifyAuditChain(db.sql);
    expect(report).toMatchObject({ ok: true });
    expect(report.entries).toBeGreaterThan(45);
  });

  it("stops with the fix named when the owner cannot act as the app role", async () => {
    await expect(openTestDbWithRoles({ ownerActsAsApp: false })).rejects.toThrow(/GRANT "breachdesk_app_\w+" TO/);
  });
});
