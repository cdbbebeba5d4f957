import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { resetEnvCache } from "../env";
import { builtinProvider } from "../providers/builtin/builtin-provider";
import { requestBulkAction } from "./request-bulk-action";
import { processBatch } from "./run-batch";
import { claimBatch } from "./sql/claim-batch";
import { createRemediationFixture } from "./test-fixtures";

// A worker may claim a run of consecutive batches as one unit: the run never
// reaches past a batch another worker holds, and commits only while every
// batch in it is still this worker's.
describe.each(testDbKinds())("claiming a run of batches on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "1000");
    vi.stubEnv("BREACHDESK_WORK_BATCH_SIZE", "2");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  async function requestOf(accounts: number) {
    const f = await createRemediationFixture(db, accounts);
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Claim runs", selection: { kind: "filter", query: "" } },
      f.requester,
    );
    expect(requested.status).toBe("running");
    return requested.id;
  }

  const batchStates = (id: string) =>
    db.sql.query<{ batch_no: number; status: string; lease_owner: string | null }>(
      `SELECT batch_no, status::text AS status, lease_owner FROM bulk_action_batches WHERE bulk_action_id = $1::uuid ORDER BY batch_no`,
      [id],
    );

  it("takes up to the asked number of consecutive batches, and stops at one another worker holds", async () => {
    const id = await requestOf(10);
    expect(await claimBatch(db.sql, "w-a", 60, 1)).toMatchObject({
      bulkActionId: id,
      batchNo: 1,
      lastBatchNo: 1,
      firstSeq: 1,
      lastSeq: 2,
    });
    // Batch 4 is another worker's: a run from 2 ends at 3.
    await db.sql.run(
      `UPDATE bulk_action_batches SET status = 'leased', lease_owner = 'w-x', lease_expires_at = now() + interval '1 minute'
        WHERE bulk_action_id = $1::uuid AND batch_no = 4`,
      [id],
    );
    expect(await claimBatch(db.sql, "w-b", 60, 5)).toMatchObject({
      batchNo: 2,
      lastBatchNo: 3,
      firstSeq: 3,
      lastSeq: 6,
      attempts: 1,
    });
    expect(await claimBatch(db.sql, "w-c", 60, 5)).toMatchObject({
      batchNo: 5,
      lastBatchNo: 5,
      firstSeq: 9,
      lastSeq: 10,
    });
    expect(await claimBatch(db.sql, "w-d", 60, 5)).toBeNull();
    expect((await batchStates(id)).map((b) => b.lease_owner)).toEqual(["w-a", "w-b", "w-b", "w-x", "w-c"]);
  });

  it("commits a run only while it holds every batch of it, then completes them all", async () => {
    const id = await requestOf(6);
    const claim = (await claimBatch(db.sql, "w-run", 60, 3))!;
    expect(claim).toMatchObject({ batchNo: 1, lastBatchNo: 3, firstSeq: 1, lastSeq: 6 });
    // The lease of the run's middle batch ran out and another worker took it over.
    await db.sql.run(
      `UPDATE bulk_action_batches SET lease_owner = 'w-other' WHERE bulk_action_id = $1::uuid AND batch_no = 2`,
      [id],
    );
    const lost = await processBatch(db, claim, { workerId: "w-run", provider: builtinProvider });
    expect(lost).toMatchObject({ lost: true, succeeded: 0 });
    const [untouched] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM bulk_action_items WHERE bulk_action_id = $1::uuid AND status = 'queued'`,
      [id],
    );
    expect(untouched!.n).toBe(6);

    await db.sql.run(
      `UPDATE bulk_action_batches SET lease_owner = 'w-run' WHERE bulk_action_id = $1::uuid AND batch_no = 2`,
      [id],
    );
    const done = await processBatch(db, claim, { workerId: "w-run", provider: builtinProvider });
    expect(done).toMatchObject({ lost: false, succeeded: 6, finished: true });
    expect((await batchStates(id)).map((b) => [b.status, b.lease_owner])).toEqual([
      ["done", null],
      ["done", null],
      ["done", null],
    ]);
    const [action] = await db.sql.query<{ status: string; succeeded: number }>(
      `SELECT status::text AS status, succeeded FROM bulk_actions WHERE id = $1::uuid`,
      [id],
    );
    expect(action).toEqual({ status: "completed", succeeded: 6 });
    const [effects] = await db.sql.query<{ n: number; repeats: number }>(
      `SELECT count(*)::int AS n, coalesce(sum(repeats), 0)::int AS repeats FROM provider_effects
        WHERE idempotency_key LIKE 'bd:' || $1 || ':%'`,
      [id],
    );
    expect(effects).toEqual({ n: 6, repeats: 0 });
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });
});
