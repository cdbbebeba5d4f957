import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { auditEntryHash } from "../../lib/audit/chain";
import { auditKey } from "./audit-key";
import { CHAINED_COLUMNS, chainedContentOf, type ChainedRow } from "./audit-row";
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

// The attack the audit key stops: someone who can write the database (but not
// read the server's configuration) rewrites entries from `fromId` on and
// recomputes their links with plain SHA-256, then points the head at the new
// end. `keyed` is what the rewritten entries claim to be.
async function recomputeWithSha256(db: TestDb, fromId: number, keyed: boolean): Promise<void> {
  const rows = await db.sql.query<ChainedRow & { prev_hash: string }>(
    `SELECT ${CHAINED_COLUMNS}, prev_hash FROM audit_log WHERE id >= $1 ORDER BY id`,
    [fromId],
  );
  let previous = rows[0]!.prev_hash;
  for (const row of rows) {
    const hash = auditEntryHash(previous, chainedContentOf(row));
    await tamper(
      db,
      `UPDATE audit_log SET prev_hash = '${previous}', hash = '${hash}', keyed = ${keyed} WHERE id = ${Number(row.id)}`,
    );
    previous = hash;
  }
  await tamper(db, `UPDATE audit_chain_head SET hash = '${previous}'`);
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

  it("writes entries that share one detail object as it would each alone", async () => {
    // The bulk path hands over one object for a whole batch: redacted for an
    // incident's entries only, and every entry linked over its own content.
    const shared = { note: "asked jane@example.com", n: 1 };
    const incidentId = "00000000-0000-4000-8000-0000000000aa";
    await db.sql.transaction((tx) =>
      appendAuditEntries(tx, [
        { actor: null, action: "test.shared", incidentId, targetType: "account", targetId: "bob@example.com", detail: shared },
        { actor: null, action: "test.shared", targetType: "account", targetId: "bob@example.com", detail: shared },
        { actor: null, action: "test.shared", incidentId, targetType: "account", targetId: "7", detail: shared },
      ]),
    );
    const rows = await db.sql.query<{ detail: unknown; target_id: string }>(
      `SELECT detail, target_id FROM audit_log WHERE action = 'test.shared' ORDER BY id`,
    );
    expect(rows).toEqual([
      { detail: { note: "asked [address removed]", n: 1 }, target_id: "[address removed]" },
      { detail: { note: "asked jane@example.com", n: 1 }, target_id: "bob@example.com" },
      { detail: { note: "asked [address removed]", n: 1 }, target_id: "7" },
    ]);
    expect(shared.note).toBe("asked jane@example.com");
    expect(await verifyAuditChain(db.sql)).toMatchObject({ entries: 11, ok: true });
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
      `INSERT INTO audit_log (id, at, action, prev_hash, hash, keyed) SELECT 6, now(), 'forged', hash, repeat('a', 64), true FROM audit_log WHERE id = 5`,
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
    await tamper(db, `UPDATE audit_log SET prev_hash = NULL, hash = NULL, keyed = false`);
    await tamper(db, `DELETE FROM audit_chain_head`);
    expect(await sealLegacyAuditEntries(db.sql, auditKey())).toBe(8);
    expect(await sealLegacyAuditEntries(db.sql, auditKey())).toBe(0);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("refuses to chain a keyed log again when its head is gone", async () => {
    await tamper(db, `DELETE FROM audit_chain_head`);
    await expect(sealLegacyAuditEntries(db.sql, auditKey())).rejects.toThrow(/tampered/);
  });

  it("links new entries with an HMAC under the audit key and signs the head", async () => {
    const [row] = await db.sql.query<{ keyed: boolean; n: number }>(
      `SELECT bool_and(keyed) AS keyed, count(*)::int AS n FROM audit_log`,
    );
    expect(row).toEqual({ keyed: true, n: 8 });
    const [head] = await db.sql.query<{ keyed_from: number; mac: string | null }>(
      `SELECT keyed_from, mac FROM audit_chain_head`,
    );
    expect(head).toMatchObject({ keyed_from: 1, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    // Another key is not the audit key: every link fails from the first.
    expect((await verifyAuditChain(db.sql, Buffer.alloc(32, 7))).firstBad).toEqual({ id: 1, problem: "edited" });
  });

  it("names an entry rewritten with its chain recomputed with plain SHA-256", async () => {
    await tamper(db, `UPDATE audit_log SET detail = '{"i": 99}' WHERE id = 3`);
    await recomputeWithSha256(db, 3, true);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 3, problem: "edited" });
  });

  it("names the first entry turned back into a plain SHA-256 one", async () => {
    await tamper(db, `UPDATE audit_log SET detail = '{"i": 99}' WHERE id = 3`);
    await recomputeWithSha256(db, 3, false);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 3, problem: "not-keyed" });
  });

  it("notices a whole chain recomputed without the key and the head's boundary cleared", async () => {
    await tamper(db, `UPDATE audit_log SET detail = '{"i": 99}' WHERE id = 3`);
    await recomputeWithSha256(db, 1, false);
    await tamper(db, `UPDATE audit_chain_head SET keyed_from = NULL, mac = NULL`);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 8, problem: "head-mismatch" });
  });

  it("keeps entries from before the key verifiable, and pins them by the first keyed one", async () => {
    // The log as the keyed migration found it: SHA-256 links, then keyed entries.
    await tamper(db, `UPDATE audit_log SET prev_hash = NULL, hash = NULL, keyed = false`);
    await tamper(db, `DELETE FROM audit_chain_head`);
    await sealLegacyAuditEntries(db.sql, auditKey());
    await recordAudit(db.prisma, { actor: null, action: "test.after_key" });
    const report = await verifyAuditChain(db.sql);
    expect(report).toMatchObject({ ok: true, entries: 9 });
    // A legacy entry rewritten and the SHA-256 links after it recomputed: the
    // first keyed entry's HMAC covers the old link, so it names that entry.
    await tamper(db, `UPDATE audit_log SET detail = '{"i": 99}' WHERE id = 3`);
    await recomputeWithSha256(db, 3, false);
    await tamper(db, `UPDATE audit_log SET keyed = true WHERE id = 9`);
    expect((await verifyAuditChain(db.sql)).firstBad).toEqual({ id: 9, problem: "edited" });
  });

  it("moves the head only forward, and only over entries that continue the chain", async () => {
    await expect(db.sql.query(`SELECT audit_chain_advance(3, 'x')`)).rejects.toThrow(/only moves forward/);
    await tamper(
      db,
      `INSERT INTO audit_log (id, at, action, prev_hash, hash, keyed) VALUES (9, now(), 'forged', repeat('b', 64), repeat('c', 64), true)`,
    );
    await expect(db.sql.query(`SELECT audit_chain_advance(9, 'x')`)).rejects.toThrow(/do not continue the chain/);
  });
});
