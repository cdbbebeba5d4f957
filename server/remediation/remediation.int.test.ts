import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { AppError } from "../errors";
import { resetEnvCache } from "../env";
import { drainWork } from "../work/run-worker";
import {
  approveBulkAction,
  cancelBulkAction,
  pauseBulkAction,
  rejectBulkAction,
  resumeBulkAction,
} from "./control-bulk-action";
import { previewBulkAction } from "./preview-bulk-action";
import { requestBulkAction } from "./request-bulk-action";
import { extendHold, runSingleAction } from "./single-action";
import { createRemediationFixture, type RemediationFixture } from "./test-fixtures";
import { sweepExpired } from "../work/sweep-expired";

async function rejection(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("expected an AppError");
}

describe.each(testDbKinds())("remediation on %s", (kind) => {
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
    f = await createRemediationFixture(db, 300, { unmatched: 7 });
  });

  const all = { kind: "filter" as const, query: "" };

  it("previews a bulk reset: eligible, skipped with reasons, four eyes above the threshold", async () => {
    const preview = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection: all });
    expect(preview).toMatchObject({ selected: 307, eligible: 300, skipped: { no_account: 7 }, needsApproval: true });
    expect(preview.first).toHaveLength(5);
  });

  it("runs a small bulk hold at once, exactly once per account, chained in the audit log", async () => {
    const some = { kind: "ids" as const, ids: (await db.sql.query<{ id: number }>(`SELECT id FROM triage_entries WHERE account_id IS NOT NULL ORDER BY id LIMIT 60`)).map((r) => r.id) };
    const requested = await requestBulkAction(db, f.incident, { kind: "withdrawal_hold", reason: "Changed after T0", selection: some, holdHours: 72 }, f.requester);
    expect(requested.status).toBe("running");
    expect(await drainWork(db)).toBe(2);
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(bulk).toMatchObject({ status: "completed", succeeded: 60, skipped: 0, failed: 0 });
    const [effects] = await db.sql.query<{ n: number; repeats: number }>(`SELECT count(*)::int AS n, coalesce(sum(repeats), 0)::int AS repeats FROM provider_effects`);
    expect(effects).toEqual({ n: 60, repeats: 0 });
    const [held] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM account_remediation WHERE hold_status = 'active'`);
    expect(held!.n).toBe(60);
    // Holding the same accounts again skips them all: nothing to do.
    const again = await rejection(requestBulkAction(db, f.incident, { kind: "withdrawal_hold", reason: "Again", selection: some }, f.requester));
    expect(again.code).toBe("VALIDATION");
    expect(again.message).toMatch(/60 withdrawal hold already active/);
    const audit = await verifyAuditChain(db.sql);
    expect(audit.ok).toBe(true);
    expect(audit.entries).toBeGreaterThanOrEqual(62);
    const events = await db.prisma.timelineEvent.count({ where: { incidentId: f.incident.id, source: "system" } });
    expect(events).toBe(3); // requested, started, finished
  });

  it("needs a different person's approval above the threshold; nobody approves their own", async () => {
    const requested = await requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: all }, f.requester);
    expect(requested).toMatchObject({ status: "pending_approval", total: 300, skipped: { no_account: 7 } });
    expect(await drainWork(db)).toBe(0);
    const own = await rejection(approveBulkAction(db, requested.id, f.requester));
    expect(own.code).toBe("FORBIDDEN");
    await approveBulkAction(db, requested.id, f.approver, { note: "Checked the filter" });
    expect((await rejection(approveBulkAction(db, requested.id, f.approver))).code).toBe("CONFLICT");
    await drainWork(db);
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(bulk).toMatchObject({ status: "completed", succeeded: 300, decidedById: f.approver.id });
  });

  it("refuses self-approval for every role, admins included", async () => {
    for (const role of ["admin", "security_analyst", "support_agent", "manager"] as const) {
      const user = await db.prisma.staffUser.create({
        data: { email: `${role}-self@breachdesk.test`, name: role, role, passwordHash: "x" },
      });
      const actor = { id: user.id, email: user.email };
      const requested = await requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: all }, actor);
      expect((await rejection(approveBulkAction(db, requested.id, actor))).code).toBe("FORBIDDEN");
      await rejectBulkAction(db, requested.id, f.approver, "Only checking four eyes");
    }
  });

  it("rejects with a reason, and expires requests nobody approved in time", async () => {
    const a = await requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: all }, f.requester);
    await expect(rejectBulkAction(db, a.id, f.approver, "")).rejects.toThrow(/reason for the rejection/);
    await rejectBulkAction(db, a.id, f.approver, "Wrong filter");
    expect((await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("rejected");
    const b = await requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: all }, f.requester);
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect((await sweepExpired(db, later)).approvals).toBe(1);
    expect((await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("expired");
    expect((await rejection(approveBulkAction(db, b.id, f.approver))).code).toBe("CONFLICT");
  });

  it("freezes the accounts when requested: later changes to the triage table change nothing", async () => {
    const requested = await requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: { kind: "filter", query: "tier=critical" } }, f.requester);
    expect(requested.total).toBe(30);
    const frozen = await db.sql.query<{ account_id: number }>(`SELECT account_id FROM bulk_action_items WHERE bulk_action_id = $1 ORDER BY seq`, [requested.id]);
    // An import re-ranks: every account becomes critical.
    await db.sql.query(`UPDATE triage_entries SET risk_tier = 'critical' WHERE incident_id = $1`, [f.incident.id]);
    await drainWork(db);
    const done = await db.sql.query<{ account_id: number }>(`SELECT account_id FROM provider_effects ORDER BY account_id`);
    expect(done.map((r) => r.account_id).sort()).toEqual(frozen.map((r) => r.account_id).sort());
  });

  it("refuses a request whose selection changed since its preview", async () => {
    const preview = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection: { kind: "filter", query: "tier=critical" } });
    await db.sql.query(`UPDATE triage_entries SET risk_tier = 'critical' WHERE incident_id = $1 AND id IN (SELECT id FROM triage_entries WHERE risk_tier = 'high' LIMIT 3)`, [f.incident.id]);
    const error = await rejection(
      requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: { kind: "filter", query: "tier=critical" }, expectedCount: preview.eligible }, f.requester),
    );
    expect(error.code).toBe("CONFLICT");
  });

  it("replays a repeated request key instead of requesting twice", async () => {
    const input = { kind: "password_reset" as const, reason: "Exposed", selection: all, requestKey: "form-key-12345" };
    const first = await requestBulkAction(db, f.incident, input, f.requester);
    const second = await requestBulkAction(db, f.incident, input, f.requester);
    expect(second).toMatchObject({ id: first.id, replayed: true });
    expect(await db.prisma.bulkAction.count()).toBe(1);
  });

  it("pauses, resumes and cancels: queued items are cancelled, nothing half-done", async () => {
    const requested = await requestBulkAction(db, f.incident, { kind: "password_reset", reason: "Exposed", selection: all }, f.requester);
    await approveBulkAction(db, requested.id, f.approver);
    await pauseBulkAction(db, requested.id, f.requester);
    expect(await drainWork(db)).toBe(0);
    await resumeBulkAction(db, requested.id, f.requester);
    // One batch, then cancel the rest.
    const { runOneBatch, newWorkerId } = await import("../work/run-worker");
    await runOneBatch(db, { workerId: newWorkerId("test") });
    const cancelled = await cancelBulkAction(db, requested.id, f.requester);
    expect(cancelled.cancelledItems).toBe(250);
    await drainWork(db);
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(bulk).toMatchObject({ status: "cancelled", succeeded: 50, cancelled: 250 });
    expect(bulk.finishedAt).not.toBeNull();
    const [effects] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM provider_effects`);
    expect(effects!.n).toBe(50);
  });

  it("acts on one account: reset, hold, extend, release with a critical confirmation", async () => {
    const critical = f.accountIds[0]!; // every 10th account is critical; risk order puts them first
    const reset = await runSingleAction(db, f.incident, critical, { kind: "password_reset", reason: "Exposed" }, f.requester);
    expect(reset.status).toBe("succeeded");
    const hold = await runSingleAction(db, f.incident, critical, { kind: "withdrawal_hold", reason: "Password changed", holdHours: 24 }, f.requester);
    expect(hold.status).toBe("succeeded");
    const placed = await db.prisma.withdrawalHold.findFirstOrThrow({ where: { accountId: critical, status: "active" } });
    await extendHold(db, f.incident, placed.id, { hours: null, reason: "Not verified yet" }, f.requester);
    expect((await db.prisma.withdrawalHold.findUniqueOrThrow({ where: { id: placed.id } })).expiresAt).toBeNull();
    const unconfirmed = await rejection(runSingleAction(db, f.incident, critical, { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Called them" }, f.requester));
    expect(unconfirmed.fields).toHaveProperty("confirmCritical");
    const released = await runSingleAction(db, f.incident, critical, { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Called them", confirmCritical: true }, f.requester);
    expect(released.status).toBe("succeeded");
    const after = await db.prisma.withdrawalHold.findUniqueOrThrow({ where: { id: placed.id } });
    expect(after).toMatchObject({ status: "released", releaseCode: "verified_with_customer", releasedById: f.requester.id });
    // Holding again within the cool-down is skipped.
    const again = await rejection(runSingleAction(db, f.incident, critical, { kind: "withdrawal_hold", reason: "Again" }, f.requester));
    expect(again.message).toMatch(/hold released recently/);
    const audit = await db.prisma.auditLog.findMany({ where: { targetType: "customer_account", targetId: String(critical) }, orderBy: { id: "asc" } });
    expect(audit.map((a) => a.action)).toEqual([
      "remediation.password_reset_forced",
      "remediation.withdrawal_hold_placed",
      "remediation.withdrawal_hold_extended",
      "remediation.withdrawal_hold_released",
    ]);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });
});
