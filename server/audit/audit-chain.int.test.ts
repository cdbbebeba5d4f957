import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { appendAuditEntries, recordAudit } from "./record-audit";
import { sealLegacyAuditEntries } from "./seal-audit-chain";
import { verifyAuditChain } from "./verify-audit-chain";

// Tampering needs the append-only trigger out of the way, as an attacker with
// the database's superuser would have it.
async function tamper(db: TestDb, sql: string): Promise<void> {
  await db.sql.transaction(async (tx) => {
    await tx.exec(`SET LOCAL session_replication_role = replica`);
    await tx.exec(sql);
  });
}

describe.each(testDbKinds())("the audit chain on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    const actor = { id: "00000000-0000-4000-8000-000000000001", email: "a@breachdesk.test" };
    for (let i = 1; i <= 5; i++) await recordAudit(db.prisma, { actor, action: `test.entry_${i}`, detail: { i, nested: { b: 1, a: [i] } } });
    await db.sql.transaction((tx) =>
      appendAuditEntries(tx, [6, 7, 8].map((i) => ({ actor: null, action: `test.bulk_${i}`, targetType: "x", targetId: String(i) }))),
    );
  });

  it("verifies an untouched chain and reports its head", async () => {
    const report = await verifyAuditChain(db.sql);
    expect(report).toMatchObject({ entries: 8, ok: true, lastId: 8 });
    const [head] = await db.sql.query<{ hash: string }>(`SELECT hash FROM audit_chain_head`);
    expect(report.head).toBe(head!.hash);
  });

  it("refuses UPDATE, DELETE and TRUNCATE", async () => {
    await expect(db.sql.query(`UPDATE audit_log SET action = 'x' WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(db.sql.query(`DELETE FROM audit_log WHERE id = 1`)).rejects.toThrow(/append-only/);
    await expect(db.sql.exec(`TRUNCATE audit_log`)).rejects.toThrow(/append-only/);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("names an edited entry", async () => {
    await tamper(db, `UPDATE audit_log SET detail = '{"i": 99}' WHERE id = 3`);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 3, problem: "edited" });
  });

  it("names the entry after a deleted one", async () => {
    await tamper(db, `DELETE FROM audit_log WHERE id = 4`);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 5, problem: "broken-link" });
  });

  it("names an inserted entry", async () => {
    await tamper(db, `UPDATE audit_log SET id = id + 100 WHERE id >= 6`);
    await tamper(
      db,
      `INSERT INTO audit_log (id, at, action, prev_hash, hash) SELECT 6, now(), 'forged', hash, repeat('a', 64) FROM audit_log WHERE id = 5`,
    );
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 6, problem: "edited" });
  });

  it("names reordered entries", async () => {
    await tamper(db, `UPDATE audit_log SET id = CASE id WHEN 2 THEN 3 WHEN 3 THEN 2 END + 1000 WHERE id IN (2, 3)`);
    await tamper(db, `UPDATE audit_log SET id = id - 1000 WHERE id > 1000`);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 2, problem: "broken-link" });
  });

  it("notices entries removed from the end (the head no longer matches)", async () => {
    await tamper(db, `DELETE FROM audit_log WHERE id = 8`);
    expect((await verifyAuditChain(db.sql)).firstBad).toMatchObject({ problem: "head-mismatch" });
  });

  it("chains entries written before the chain existed, once", async () => {
    await tamper(db, `UPDATE audit_log SET prev_hash = NULL, hash = NULL`);
    await tamper(db, `DELETE FROM audit_chain_head`);
    expect(await sealLegacyAuditEntries(db.sql)).toBe(8);
    expect(await sealLegacyAuditEntries(db.sql)).toBe(0);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });
});
