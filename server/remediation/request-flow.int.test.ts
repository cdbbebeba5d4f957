import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { resetEnvCache } from "../env";
import { finishOnce } from "../jobs/four-eyes-flow";
import { bulkActionRequests } from "./bulk-action-requests";
import { approveBulkAction, cancelBulkAction, rejectBulkAction } from "./control-bulk-action";
import { requestBulkAction } from "./request-bulk-action";
import { createRemediationFixture, type RemediationFixture } from "./test-fixtures";
import { drainWork } from "../workers/work";
import { rejection } from "../../test/app-error";

// The kernel's request flow (server/jobs/four-eyes-flow.ts) through the bulk
// action's part: what the flow itself promises, beyond each kind's tests.

describe.each(testDbKinds())("the four-eyes request flow on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100");
    vi.stubEnv("BREACHDESK_WORK_BATCH_SIZE", "50");
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
    f = await createRemediationFixture(db, 120);
  });

  const all = { kind: "filter" as const, query: "" };
  const countAudit = async (action: string, targetId: string) =>
    Number(
      (
        await db.sql.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM audit_log WHERE action = $1 AND target_id = $2`,
          [action, targetId],
        )
      )[0]?.n,
    );

  it("finishes a request once: a second finish changes nothing and writes nothing", async () => {
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      f.requester,
    );
    await approveBulkAction(db, requested.id, f.approver);
    await drainWork(db);
    const before = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(before.status).toBe("completed");
    const counts = { succeeded: 120, skipped: 0, failed: 0, cancelled: 0 };
    const again = await db.sql.transaction((tx) =>
      finishOnce(tx, bulkActionRequests, requested.id, {
        status: "cancelled",
        at: new Date(),
        actor: null,
        counts,
        auditDetail: counts,
      }),
    );
    expect(again).toBe(false);
    const after = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(after).toMatchObject({ status: "completed", finishedAt: before.finishedAt });
    expect(await countAudit("bulk_action.completed", requested.id)).toBe(1);
    expect(await countAudit("bulk_action.cancelled", requested.id)).toBe(0);
    const finished = await db.prisma.timelineEvent.count({
      where: { externalId: `bulk-action:${requested.id}:finished` },
    });
    expect(finished).toBe(1);
  });

  it("moves a request only from the states each verb starts from, naming the state it is in", async () => {
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      f.requester,
    );
    expect(requested.status).toBe("pending_approval");
    const cancelled = await cancelBulkAction(db, requested.id, f.approver);
    expect(cancelled).toEqual({ id: requested.id, status: "cancelled", cancelledItems: 120 });
    const approve = await rejection(approveBulkAction(db, requested.id, f.approver));
    expect([approve.code, approve.message]).toEqual([
      "CONFLICT",
      "This bulk action was cancelled: it cannot be approved.",
    ]);
    const reject = await rejection(rejectBulkAction(db, requested.id, f.approver, "Too broad"));
    expect(reject.message).toBe("This bulk action was cancelled: it cannot be rejected.");
    expect((await rejection(cancelBulkAction(db, requested.id, f.approver))).code).toBe("CONFLICT");
    // Cancelled with no batch in hand: finished at once, and nothing left for a worker.
    const row = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(row).toMatchObject({ status: "cancelled", cancelled: 120 });
    expect(row.finishedAt).not.toBeNull();
    expect(await drainWork(db)).toBe(0);
    expect(await countAudit("bulk_action.cancelled", requested.id)).toBe(1);
    const other = await rejection(
      approveBulkAction(db, requested.id, f.approver, { incidentId: "00000000-0000-4000-8000-000000000000" }),
    );
    expect([other.code, other.message]).toEqual(["NOT_FOUND", "No such bulk action."]);
  });
});
