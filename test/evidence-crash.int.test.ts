import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPack } from "../lib/evidence/verify-pack";
import { unzipFiles } from "../lib/evidence/zip";
import { verifyAuditChain } from "../server/audit/verify-audit-chain";
import { evidenceSigningKey } from "../server/evidence/signing-key";
import { createTestIncident } from "../server/timeline/test-fixtures";
import { crashTestDatabase, crashWorkSettings } from "./crash-database";
import { testDbKinds, resetTestDb } from "./db";
import { breachdesk } from "./run-cli";

// The pack owed at close is made by the worker's sweep: a worker SIGKILLed
// with the pack's row and audit entry written but not committed leaves
// nothing, and the next worker stores it once.

describe.each(testDbKinds())("an evidence pack's worker killed with SIGKILL on %s", { timeout: 240_000 }, (kind) => {
  const database = crashTestDatabase(kind, "evidence crash");

  beforeAll(async () => {
    await database.open({
      ...crashWorkSettings(40),
      BREACHDESK_EVIDENCE_KEY: "evidence-crash-test-key-not-a-secret-0123456789",
    });
  });
  afterAll(async () => {
    await database.close();
  });

  async function stored(incidentId: string) {
    return database.withDb(async (db) => {
      const [row] = await db.sql.query<{ packs: number; audited: number }>(
        `SELECT (SELECT count(*)::int FROM incident_evidence_packs WHERE incident_id = $1::uuid) AS packs,
                (SELECT count(*)::int FROM audit_log WHERE action = 'evidence_pack.made' AND incident_id = $1::uuid) AS audited`,
        [incidentId],
      );
      return row!;
    });
  }

  it("stores the pack made at close exactly once after a kill before its commit", async () => {
    const incidentId = await database.withDb(async (db) => {
      await resetTestDb(db);
      const incident = await createTestIncident(db);
      await db.sql.run(`UPDATE incidents SET status = 'closed', closed_at = clock_timestamp() WHERE id = $1::uuid`, [
        incident.id,
      ]);
      return incident.id;
    });
    const killed = await breachdesk(database.env, ["worker", "--drain"], "evidence-store");
    expect(killed.crashed, killed.stderr).toBe(true);
    expect(killed.signal).toBe("SIGKILL");
    expect(await stored(incidentId)).toEqual({ packs: 0, audited: 0 });

    const run = await breachdesk(database.env, ["worker", "--drain"]);
    expect(run.code, run.stderr).toBe(0);
    expect(await stored(incidentId)).toEqual({ packs: 1, audited: 1 });
    const again = await breachdesk(database.env, ["worker", "--drain"]);
    expect(again.code, again.stderr).toBe(0);
    expect(await stored(incidentId)).toEqual({ packs: 1, audited: 1 });

    await database.withDb(async (db) => {
      expect((await verifyAuditChain(db.sql)).ok).toBe(true);
      const [pack] = await db.sql.query<{ zip: Uint8Array; reason: string }>(
        `SELECT zip, reason::text AS reason FROM incident_evidence_packs WHERE incident_id = $1::uuid`,
        [incidentId],
      );
      expect(pack!.reason).toBe("close");
      const result = verifyPack(await unzipFiles(Buffer.from(pack!.zip)), {
        pinnedKeyPem: evidenceSigningKey().publicKeyPem,
      });
      expect(result.ok, JSON.stringify(result)).toBe(true);
    });
  });
});
