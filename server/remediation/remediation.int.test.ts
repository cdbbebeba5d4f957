import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { verifyAuditChain } from "../audit/verify-audit-chain";
import { resetEnvCache } from "../env";
import {
  approveBulkAction,
  cancelBulkAction,
  pauseBulkAction,
  rejectBulkAction,
  resumeBulkAction,
} from "./control-bulk-action";
import { selectionDigest } from "../../lib/remediation/selection-digest";
import { getAccountRemediation } from "./get-account-remediation";
import { getBulkActionViewOrThrow } from "./get-bulk-action";
import { previewBulkAction } from "./preview-bulk-action";
import { requestBulkAction } from "./request-bulk-action";
import { extendHold, runSingleAction } from "./single-action";
import { createRemediationFixture, exposeInAnotherIncident, itemOutcomes, type RemediationFixture } from "./test-fixtures";
import { drainWork, sweepExpired } from "../workers/work";
import { rejection } from "../../test/app-error";

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
  const verifiedRelease = { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Called them", confirmCritical: true } as const;

  it("previews a bulk reset: eligible, skipped with reasons, four eyes above the threshold", async () => {
    const preview = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection: all });
    expect(preview).toMatchObject({ selected: 307, eligible: 300, skipped: { no_account: 7 }, needsApproval: true });
    expect(preview.first).toHaveLength(5);
  });

  it("runs a small bulk hold at once, exactly once per account, chained in the audit log", async () => {
    const some = {
      kind: "ids" as const,
      ids: (
        await db.sql.query<{ id: number }>(
          `SELECT id FROM triage_entries WHERE account_id IS NOT NULL ORDER BY id LIMIT 60`,
        )
      ).map((r) => r.id),
    };
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Changed after T0", selection: some, holdHours: 72 },
      f.requester,
    );
    expect(requested.status).toBe("running");
    expect(await drainWork(db)).toBe(2);
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(bulk).toMatchObject({ status: "completed", succeeded: 60, skipped: 0, failed: 0 });
    const [effects] = await db.sql.query<{ n: number; repeats: number }>(
      `SELECT count(*)::int AS n, coalesce(sum(repeats), 0)::int AS repeats FROM provider_effects`,
    );
    expect(effects).toEqual({ n: 60, repeats: 0 });
    const [held] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM account_remediation WHERE hold_status = 'active'`,
    );
    expect(held!.n).toBe(60);
    // Holding the same accounts again skips them all: nothing to do.
    const again = await rejection(
      requestBulkAction(db, f.incident, { kind: "withdrawal_hold", reason: "Again", selection: some }, f.requester),
    );
    expect(again.code).toBe("VALIDATION");
    expect(again.message).toMatch(/60 withdrawal hold already active/);
    const audit = await verifyAuditChain(db.sql);
    expect(audit.ok).toBe(true);
    expect(audit.entries).toBeGreaterThanOrEqual(62);
    const events = await db.prisma.timelineEvent.count({ where: { incidentId: f.incident.id, source: "system" } });
    expect(events).toBe(3); // requested, started, finished
  });

  it("records a hold until released as such, in the request and in its audit entry", async () => {
    const requested = await requestBulkAction(
      db,
      f.incident,
      {
        kind: "withdrawal_hold",
        reason: "Until the customer calls",
        selection: {
          kind: "ids",
          ids: (await db.sql.query<{ id: number }>(`SELECT id FROM triage_entries WHERE account_id IS NOT NULL LIMIT 2`)).map((r) => r.id),
        },
        holdHours: null,
      },
      f.requester,
    );
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: requested.id } });
    expect(bulk.holdHours).toBeNull();
    const entry = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "bulk_action.requested", targetId: requested.id },
    });
    expect(entry.detail).toMatchObject({ kind: "withdrawal_hold", holdHours: null });
  });

  it("needs a different person's approval above the threshold; nobody approves their own", async () => {
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      f.requester,
    );
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
      const requested = await requestBulkAction(
        db,
        f.incident,
        { kind: "password_reset", reason: "Exposed", selection: all },
        actor,
      );
      expect((await rejection(approveBulkAction(db, requested.id, actor))).code).toBe("FORBIDDEN");
      await rejectBulkAction(db, requested.id, f.approver, "Only checking four eyes");
    }
  });

  it("rejects with a reason, and expires requests nobody approved in time", async () => {
    const a = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      f.requester,
    );
    await expect(rejectBulkAction(db, a.id, f.approver, "")).rejects.toThrow(/reason for the rejection/);
    await rejectBulkAction(db, a.id, f.approver, "Wrong filter");
    expect((await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: a.id } })).status).toBe("rejected");
    const b = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      f.requester,
    );
    const later = new Date(Date.now() + 25 * 3_600_000);
    expect((await sweepExpired(db, later)).approvals).toBe(1);
    expect((await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: b.id } })).status).toBe("expired");
    expect((await rejection(approveBulkAction(db, b.id, f.approver))).code).toBe("CONFLICT");
  });

  it("freezes the accounts when requested: later changes to the triage table change nothing", async () => {
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: { kind: "filter", query: "tier=critical" } },
      f.requester,
    );
    expect(requested.total).toBe(30);
    const frozen = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM bulk_action_items WHERE bulk_action_id = $1 ORDER BY seq`,
      [requested.id],
    );
    // An import re-ranks: every account becomes critical.
    await db.sql.query(`UPDATE triage_entries SET risk_tier = 'critical' WHERE incident_id = $1`, [f.incident.id]);
    await drainWork(db);
    const done = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM provider_effects ORDER BY account_id`,
    );
    expect(done.map((r) => r.account_id).sort()).toEqual(frozen.map((r) => r.account_id).sort());
  });

  it("refuses a request whose selection changed since its preview", async () => {
    const preview = await previewBulkAction(db, f.incident.id, {
      kind: "password_reset",
      selection: { kind: "filter", query: "tier=critical" },
    });
    await db.sql.query(
      `UPDATE triage_entries SET risk_tier = 'critical' WHERE incident_id = $1 AND id IN (SELECT id FROM triage_entries WHERE risk_tier = 'high' LIMIT 3)`,
      [f.incident.id],
    );
    const error = await rejection(
      requestBulkAction(
        db,
        f.incident,
        {
          kind: "password_reset",
          reason: "Exposed",
          selection: { kind: "filter", query: "tier=critical" },
          expectedCount: preview.eligible,
        },
        f.requester,
      ),
    );
    expect(error.code).toBe("CONFLICT");
  });

  it("replays a repeated request key instead of requesting twice", async () => {
    const input = { kind: "password_reset" as const, reason: "Exposed", selection: all, requestKey: "form-key-12345" };
    const first = await requestBulkAction(db, f.incident, input, f.requester);
    const second = await requestBulkAction(db, f.incident, input, f.requester);
    expect(second).toMatchObject({ id: first.id, replayed: true });
    expect(await db.prisma.bulkAction.count()).toBe(1);
    // The same key with another request is refused, not answered with the first one.
    for (const other of [
      { ...input, reason: "Exposed, again" },
      { ...input, kind: "withdrawal_hold" as const },
    ]) {
      const refused = await rejection(requestBulkAction(db, f.incident, other, f.requester));
      expect([refused.code, refused.message]).toEqual([
        "CONFLICT",
        `This request key was already used for a different request (bulk action ${first.id}). Send this request with a new key.`,
      ]);
    }
    expect(await db.prisma.bulkAction.count()).toBe(1);
  });

  it("pauses, resumes and cancels: queued items are cancelled, nothing half-done", async () => {
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      f.requester,
    );
    await approveBulkAction(db, requested.id, f.approver);
    await pauseBulkAction(db, requested.id, f.requester);
    expect(await drainWork(db)).toBe(0);
    await resumeBulkAction(db, requested.id, f.requester);
    // One batch, then cancel the rest.
    const { runOneBatch } = await import("./bulk-action-jobs");
    const { newWorkerId } = await import("../jobs/worker-id");
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
    const reset = await runSingleAction(
      db,
      f.incident,
      critical,
      { kind: "password_reset", reason: "Exposed" },
      f.requester,
    );
    expect(reset.status).toBe("succeeded");
    const hold = await runSingleAction(
      db,
      f.incident,
      critical,
      { kind: "withdrawal_hold", reason: "Password changed", holdHours: 24 },
      f.requester,
    );
    expect(hold.status).toBe("succeeded");
    const placed = await db.prisma.withdrawalHold.findFirstOrThrow({
      where: { accountId: critical, status: "active" },
    });
    await extendHold(db, f.incident, placed.id, { hours: null, reason: "Not verified yet" }, f.requester);
    expect((await db.prisma.withdrawalHold.findUniqueOrThrow({ where: { id: placed.id } })).expiresAt).toBeNull();
    const unconfirmed = await rejection(
      runSingleAction(
        db,
        f.incident,
        critical,
        { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Called them" },
        f.requester,
      ),
    );
    expect(unconfirmed.fields).toHaveProperty("confirmCritical");
    const released = await runSingleAction(
      db,
      f.incident,
      critical,
      verifiedRelease,
      f.requester,
    );
    expect(released.status).toBe("succeeded");
    const after = await db.prisma.withdrawalHold.findUniqueOrThrow({ where: { id: placed.id } });
    expect(after).toMatchObject({
      status: "released",
      releaseCode: "verified_with_customer",
      releasedById: f.requester.id,
    });
    // Holding again within the cool-down is skipped.
    const again = await rejection(
      runSingleAction(db, f.incident, critical, { kind: "withdrawal_hold", reason: "Again" }, f.requester),
    );
    expect(again.message).toMatch(/hold released recently/);
    const audit = await db.prisma.auditLog.findMany({
      where: { targetType: "customer_account", targetId: String(critical) },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => a.action)).toEqual([
      "remediation.password_reset_forced",
      "remediation.withdrawal_hold_placed",
      "remediation.withdrawal_hold_extended",
      "remediation.withdrawal_hold_released",
    ]);
    expect((await verifyAuditChain(db.sql)).ok).toBe(true);
  });

  it("holds an account's withdrawals in one incident at a time: the exchange keeps one hold per account", async () => {
    const other = await exposeInAnotherIncident(db, f);
    const [first, second] = [f.accountIds[1]!, f.accountIds[2]!];
    const triageIds = await db.sql.query<{ id: number }>(
      `SELECT id FROM triage_entries WHERE incident_id = $1::uuid AND account_id = ANY($2::int[]) ORDER BY id`,
      [other.id, [first, second]],
    );
    const hold = { kind: "withdrawal_hold", reason: "Exposed" } as const;
    // Asked for in the other incident while both are free; the first account is then held here first.
    const bulk = await requestBulkAction(
      db,
      other,
      { ...hold, selection: { kind: "ids", ids: triageIds.map((r) => r.id) } },
      f.requester,
    );
    expect((await runSingleAction(db, f.incident, first, hold, f.requester)).status).toBe("succeeded");
    await drainWork(db);
    const items = await itemOutcomes(db, bulk.id);
    expect(items).toEqual([
      { account_id: first, status: "skipped", last_error: "held_in_another_incident" },
      { account_id: second, status: "succeeded", last_error: null },
    ]);
    // The preview and a single hold say so before anything runs.
    const preview = await previewBulkAction(db, other.id, { ...hold, selection: { kind: "ids", ids: [triageIds[0]!.id] } });
    expect(preview).toMatchObject({ eligible: 0, skipped: { held_in_another_incident: 1 } });
    expect((await rejection(runSingleAction(db, other, first, hold, f.requester))).message).toMatch(/another incident's hold/);
    // The account page says whose hold it is, and until when.
    expect((await getAccountRemediation(db, other.id, first)).heldElsewhere).toMatchObject({
      incident: { slug: f.incident.slug, closed: false },
      pending: false,
    });
    expect((await getAccountRemediation(db, f.incident.id, first)).heldElsewhere).toBeNull();
    // A hold on its way to the exchange (its item sent and not settled, its row not written yet) counts too;
    // an item in progress only because its batch is at the exchange with others does not.
    const third = f.accountIds[3]!;
    await db.sql.query(
      `INSERT INTO bulk_action_items (bulk_action_id, seq, account_id, status) VALUES ($1::uuid, 99, $2, 'in_progress')`,
      [bulk.id, third],
    );
    const [thirdHere] = await db.sql.query<{ id: number }>(
      `SELECT id FROM triage_entries WHERE incident_id = $1::uuid AND account_id = $2`,
      [f.incident.id, third],
    );
    const holdThird = { ...hold, selection: { kind: "ids" as const, ids: [thirdHere!.id] } };
    expect(await previewBulkAction(db, f.incident.id, holdThird)).toMatchObject({ eligible: 1 });
    expect((await getAccountRemediation(db, f.incident.id, third)).heldElsewhere).toBeNull();
    await db.sql.query(`UPDATE bulk_action_items SET sent = true WHERE bulk_action_id = $1::uuid AND seq = 99`, [bulk.id]);
    expect(await previewBulkAction(db, f.incident.id, holdThird)).toMatchObject({
      eligible: 0,
      skipped: { held_in_another_incident: 1 },
    });
    expect((await getAccountRemediation(db, f.incident.id, third)).heldElsewhere).toMatchObject({
      incident: { slug: other.slug },
      pending: true,
    });
    // Released in the first incident, the account can be held in the other.
    const released = await runSingleAction(db, f.incident, first, verifiedRelease, f.requester);
    expect(released.status).toBe("succeeded");
    expect((await runSingleAction(db, other, first, { ...hold, confirmCritical: true }, f.requester)).status).toBe("succeeded");
  });

  // Four eyes over a window: what one person (or token) started without
  // approval in the last 24 hours counts, not the one request.
  const triageIds = async (offset: number, n: number) => ({
    kind: "ids" as const,
    ids: (
      await db.sql.query<{ id: number }>(
        `SELECT id FROM triage_entries WHERE incident_id = $1::uuid AND account_id IS NOT NULL ORDER BY id LIMIT $2 OFFSET $3`,
        [f.incident.id, n, offset],
      )
    ).map((r) => r.id),
  });
  const reset = (selection: { kind: "ids"; ids: number[] }) => ({
    kind: "password_reset" as const,
    reason: "Exposed",
    selection,
  });

  it("needs approval once one person's requests of a kind pass the threshold within 24 hours; another person's do not count", async () => {
    const first = await requestBulkAction(db, f.incident, reset(await triageIds(0, 60)), f.requester);
    expect(first.status).toBe("running");
    // Another kind, and another person, have windows of their own.
    const hold = await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Changed", selection: await triageIds(200, 60) },
      f.requester,
    );
    expect(hold.status).toBe("running");
    const others = await requestBulkAction(db, f.incident, reset(await triageIds(60, 60)), f.approver);
    expect(others.status).toBe("running");
    const preview = await previewBulkAction(
      db,
      f.incident.id,
      { kind: "password_reset", selection: await triageIds(120, 60) },
      new Date(),
      f.requester,
    );
    expect(preview.needsApproval).toBe(true);
    const second = await requestBulkAction(db, f.incident, reset(await triageIds(120, 60)), f.requester);
    expect(second.status).toBe("pending_approval");
    const bulk = await db.prisma.bulkAction.findUniqueOrThrow({ where: { id: second.id } });
    expect(bulk).toMatchObject({ needsApproval: true, total: 60 });
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "bulk_action.requested", targetId: second.id },
    });
    expect(audit.detail).toMatchObject({ needsApproval: true, startedInWindow: 60 });
    // What waited for approval does not count: a second person saw it.
    const third = await requestBulkAction(db, f.incident, reset(await triageIds(180, 20)), f.requester);
    expect(third.status).toBe("running");
  });

  it("counts a token's requests with its creator's; requests older than 24 hours drop out", async () => {
    const viaToken = { ...f.requester, tokenId: (await createToken(f.requester.id, "ci-bot")).id };
    expect((await requestBulkAction(db, f.incident, reset(await triageIds(0, 60)), viaToken)).status).toBe("running");
    expect((await requestBulkAction(db, f.incident, reset(await triageIds(60, 60)), f.requester)).status).toBe(
      "pending_approval",
    );
    // A day later (moved in the database, not waited for), the first no longer counts.
    await db.sql.query(
      `UPDATE bulk_actions SET created_at = created_at - interval '25 hours' WHERE requested_by_token_id IS NOT NULL`,
    );
    expect((await requestBulkAction(db, f.incident, reset(await triageIds(120, 60)), viaToken)).status).toBe("running");
  });

  it("counts single actions: one that would pass the threshold is refused and is to be requested in bulk", async () => {
    const single = await runSingleAction(
      db,
      f.incident,
      f.accountIds[0]!,
      { kind: "password_reset", reason: "Exposed" },
      f.requester,
    );
    expect(single.status).toBe("succeeded");
    // 1 + 100 passes the threshold of 100.
    const hundred = await requestBulkAction(db, f.incident, reset(await triageIds(100, 100)), f.requester);
    expect(hundred.status).toBe("pending_approval");
    const bulk = await requestBulkAction(db, f.incident, reset(await triageIds(200, 99)), f.approver);
    expect(bulk.status).toBe("running");
    const [account] = await db.sql.query<{ account_id: number }>(
      `SELECT t.account_id FROM triage_entries t WHERE t.incident_id = $1::uuid AND t.account_id IS NOT NULL
          AND t.account_id NOT IN (SELECT i.account_id FROM bulk_action_items i) LIMIT 1`,
      [f.incident.id],
    );
    expect(
      (
        await runSingleAction(
          db,
          f.incident,
          account!.account_id,
          { kind: "password_reset", reason: "Exposed" },
          f.approver,
        )
      ).status,
    ).toBe("succeeded");
    const refused = await rejection(
      runSingleAction(db, f.incident, f.accountIds[5]!, { kind: "password_reset", reason: "Exposed" }, f.approver),
    );
    expect(refused.code).toBe("CONFLICT");
    expect(refused.message).toMatch(/already acted on 100 accounts .* Request it as a bulk action/);
    // Another kind is still free.
    expect(
      (
        await runSingleAction(
          db,
          f.incident,
          f.accountIds[5]!,
          { kind: "withdrawal_hold", reason: "Changed" },
          f.approver,
        )
      ).status,
    ).toBe("succeeded");
  });

  it("gives the preview's accounts a digest; a request with the same count but other accounts is refused", async () => {
    const critical = { kind: "filter" as const, query: "tier=critical" };
    const preview = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection: critical });
    const ids = await db.sql.query<{ external_id: string }>(
      `SELECT a.external_id FROM triage_entries t JOIN customer_accounts a ON a.id = t.account_id WHERE t.incident_id = $1::uuid AND t.risk_tier = 'critical'`,
      [f.incident.id],
    );
    expect(preview.digest).toBe(selectionDigest(ids.map((r) => r.external_id)));
    // One critical account becomes high, one high account critical: the same count, other accounts.
    await db.sql.query(
      `UPDATE triage_entries SET risk_tier = 'high' WHERE id = (SELECT min(id) FROM triage_entries WHERE incident_id = $1::uuid AND risk_tier = 'critical')`,
      [f.incident.id],
    );
    await db.sql.query(
      `UPDATE triage_entries SET risk_tier = 'critical' WHERE id = (SELECT min(id) FROM triage_entries WHERE incident_id = $1::uuid AND risk_tier = 'high' AND account_id IS NOT NULL)`,
      [f.incident.id],
    );
    const input = {
      kind: "password_reset" as const,
      reason: "Exposed",
      selection: critical,
      expectedCount: preview.eligible,
      expectedDigest: preview.digest,
    };
    const changed = await rejection(requestBulkAction(db, f.incident, input, f.requester));
    expect(changed.code).toBe("CONFLICT");
    expect(changed.message).toMatch(/selection changed since the preview/);
    expect(await db.prisma.bulkAction.count()).toBe(0);
    const again = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection: critical });
    expect(again.eligible).toBe(preview.eligible);
    expect(again.digest).not.toBe(preview.digest);
    expect(
      (await requestBulkAction(db, f.incident, { ...input, expectedDigest: again.digest }, f.requester)).status,
    ).toBe("running");
  });

  it("records the token a request came through; its creator may not approve it, another person may", async () => {
    const token = await createToken(f.requester.id, "shared-ops-token");
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Exposed", selection: all },
      { ...f.requester, tokenId: token.id },
    );
    expect(requested.status).toBe("pending_approval");
    const view = await getBulkActionViewOrThrow(db, requested.id);
    expect(view.requestedViaToken).toEqual({ id: token.id, name: "shared-ops-token" });
    expect(view.requestedBy?.id).toBe(f.requester.id);
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "bulk_action.requested", targetId: requested.id },
    });
    expect(audit.detail).toMatchObject({ tokenId: token.id });
    const byCreator = await rejection(approveBulkAction(db, requested.id, f.requester));
    expect(byCreator.code).toBe("FORBIDDEN");
    expect(byCreator.message).toMatch(/requested with an API token you created/);
    // The same token, whoever holds it, approves nothing it requested.
    const byToken = await rejection(approveBulkAction(db, requested.id, { ...f.approver, tokenId: token.id }));
    expect(byToken.code).toBe("FORBIDDEN");
    expect((await approveBulkAction(db, requested.id, f.approver)).status).toBe("running");
  });

  async function createToken(createdById: string, name: string) {
    return db.prisma.apiToken.create({
      data: {
        name,
        tokenHash: `hash-${name}-${createdById}`,
        prefix: "bd_test",
        scopes: [],
        createdById,
        role: "security_analyst",
        expiresAt: new Date(Date.now() + 86_400_000),
      },
      select: { id: true },
    });
  }
});
