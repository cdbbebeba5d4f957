import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { auditHeadMac } from "../../lib/audit/chain";
import { resetEnvCache } from "../env";
import { setLogSink } from "../log";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { createRemediationFixture } from "../remediation/test-fixtures";
import { drainWork } from "../workers/work";
import { auditKey } from "./audit-key";
import { periodicAuditHeadLog } from "./log-audit-head";
import { recordAudit } from "./record-audit";

type HeadLine = { event: string; action: string; auditLastId: string; auditHead: string; auditHeadMac: string };

// The head leaves the database for the server log: periodically from the
// worker, and whenever a bulk action finishes.
describe.each(testDbKinds())("the audit head in the server log on %s", (kind) => {
  let db: TestDb;
  let lines: HeadLine[];
  let previousSink: ReturnType<typeof setLogSink>;
  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_AUDIT_HEAD_LOG_MINUTES", "15");
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "1000");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    lines = [];
    previousSink = setLogSink((line) => {
      const entry = JSON.parse(line) as HeadLine;
      if (entry.event === "audit.head") lines.push(entry);
    });
  });
  afterEach(() => {
    setLogSink(previousSink);
  });

  async function signedHead() {
    const [head] = await db.sql.query<{ last_id: number; hash: string; keyed_from: number }>(
      `SELECT last_id, hash, keyed_from FROM audit_chain_head`,
    );
    const mac = auditHeadMac(auditKey(), { lastId: head!.last_id, hash: head!.hash, keyedFrom: head!.keyed_from });
    return { auditLastId: String(head!.last_id), auditHead: head!.hash, auditHeadMac: mac };
  }

  it("logs the head at the first tick, then once per interval", async () => {
    await recordAudit(db.prisma, { actor: null, action: "test.one" });
    const tick = periodicAuditHeadLog();
    const t0 = Date.UTC(2026, 0, 1);
    expect(await tick(db.sql, t0)).toBe(true);
    await recordAudit(db.prisma, { actor: null, action: "test.two" });
    expect(await tick(db.sql, t0 + 14 * 60_000)).toBe(false);
    expect(await tick(db.sql, t0 + 15 * 60_000)).toBe(true);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({ action: "periodic", auditLastId: "1" });
    expect(lines[1]).toMatchObject({ action: "periodic", ...(await signedHead()) });
  });

  it("logs the head when a bulk action finishes", async () => {
    const f = await createRemediationFixture(db, 20);
    await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Changed after T0", selection: { kind: "filter", query: "" }, holdHours: 72 },
      f.requester,
    );
    await drainWork(db);
    const finished = lines.filter((line) => line.action === "bulk_action_finished");
    expect(finished).toHaveLength(1);
    expect(finished[0]).toMatchObject(await signedHead());
  });
});
