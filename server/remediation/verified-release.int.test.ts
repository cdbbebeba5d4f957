import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { resetEnvCache } from "../env";
import { AppError } from "../errors";
import { previewBulkAction } from "./preview-bulk-action";
import { requestBulkAction } from "./request-bulk-action";
import { runSingleAction } from "./single-action";
import { createRemediationFixture, type RemediationFixture } from "./test-fixtures";
import { drainWork } from "../workers/work";

// A bulk hold must not silently hold again the customers support released
// after verifying them: the preview, the request and the frozen set leave
// them out unless a security event followed the release, or the requester
// includes them on purpose.

const HOUR = 3_600_000;

describe.each(testDbKinds())("bulk holds and verified releases on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  const t = (hours: number) => new Date(Date.UTC(2026, 10, 1) + hours * HOUR);
  const all = { kind: "filter" as const, query: "" };

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100");
    vi.stubEnv("BREACHDESK_RELEASE_COOLDOWN_HOURS", "1");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  // 20 accounts: all held; then 0-3 released as verified, 4 released as a false
  // positive, 5 held for an hour (expired); account 1 shows a new security event
  // after its release. Ten hours later a bulk hold covers everyone.
  beforeEach(async () => {
    await resetTestDb(db);
    f = await createRemediationFixture(db, 20);
    const ids = f.accountIds;
    for (const [i, accountId] of ids.slice(0, 6).entries()) {
      await runSingleAction(db, f.incident, accountId, { kind: "withdrawal_hold", reason: "Changed after T0", holdHours: i === 5 ? 1 : null }, f.requester, { at: t(0) });
    }
    for (const [i, accountId] of ids.slice(0, 5).entries()) {
      await runSingleAction(
        db,
        f.incident,
        accountId,
        { kind: "hold_release", releaseCode: i === 4 ? "false_positive" : "verified_with_customer", reason: "Phone check", confirmCritical: true },
        f.approver,
        { at: t(2) },
      );
    }
    await db.sql.query(
      `INSERT INTO security_events (incident_id, account_id, kind, occurred_at) VALUES ($1::uuid, $2, 'password_change', $3::timestamptz)`,
      [f.incident.id, ids[1], t(5).toISOString()],
    );
    // An event before the release changes nothing.
    await db.sql.query(
      `INSERT INTO security_events (incident_id, account_id, kind, occurred_at) VALUES ($1::uuid, $2, 'login_new_device', $3::timestamptz)`,
      [f.incident.id, ids[2], t(1).toISOString()],
    );
  });

  it("previews a hold by earlier state, leaving out the verified releases with no event since", async () => {
    const preview = await previewBulkAction(db, f.incident.id, { kind: "withdrawal_hold", selection: all }, t(10));
    expect(preview).toMatchObject({
      selected: 20,
      eligible: 17,
      skipped: { verified_release: 3 },
      includeVerified: false,
      priorHoldStates: { never_held: 14, hold_expired: 1, released: 1, verified_new_event: 1 },
    });
    const included = await previewBulkAction(db, f.incident.id, { kind: "withdrawal_hold", selection: all, includeVerified: true }, t(10));
    expect(included).toMatchObject({
      eligible: 20,
      skipped: {},
      includeVerified: true,
      priorHoldStates: { never_held: 14, hold_expired: 1, released: 1, verified_new_event: 1, verified_included: 3 },
    });
    expect(included.digest).not.toBe(preview.digest);
    // Other kinds have no earlier hold state.
    const resets = await previewBulkAction(db, f.incident.id, { kind: "password_reset", selection: all }, t(10));
    expect(resets.priorHoldStates).toEqual({});
  });

  it("freezes the same set the preview showed, and holds the verified ones only on purpose", async () => {
    const preview = await previewBulkAction(db, f.incident.id, { kind: "withdrawal_hold", selection: all }, t(10));
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Hold everyone", selection: all, expectedDigest: preview.digest },
      f.requester,
      { at: t(10) },
    );
    expect(requested).toMatchObject({ total: 17, skipped: { verified_release: 3 } });
    const frozen = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM bulk_action_items WHERE bulk_action_id = $1::uuid`,
      [requested.id],
    );
    const frozenIds = frozen.map((r) => Number(r.account_id));
    for (const verified of [f.accountIds[0], f.accountIds[2], f.accountIds[3]]) expect(frozenIds).not.toContain(verified);
    expect(frozenIds).toContain(f.accountIds[1]);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { targetId: requested.id, action: "bulk_action.requested" } });
    expect(audit.detail).toMatchObject({ includeVerified: false, priorHoldStates: { verified_new_event: 1 } });
    await drainWork(db, { clock: () => t(10) });
    const [held] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM account_remediation WHERE incident_id = $1::uuid AND hold_status = 'active'`,
      [f.incident.id],
    );
    expect(held!.n).toBe(17);

    // On purpose: the three left out, with the preview's digest of those three.
    const onPurpose = await previewBulkAction(db, f.incident.id, { kind: "withdrawal_hold", selection: all, includeVerified: true }, t(11));
    expect(onPurpose).toMatchObject({ eligible: 3, priorHoldStates: { verified_included: 3 } });
    // A digest from the preview without them is refused: the accounts differ.
    const refused = await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Hold them too", selection: all, includeVerified: true, expectedDigest: preview.digest },
      f.requester,
      { at: t(11) },
    ).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).code).toBe("CONFLICT");
    const again = await requestBulkAction(
      db,
      f.incident,
      { kind: "withdrawal_hold", reason: "Hold them too", selection: all, includeVerified: true, expectedDigest: onPurpose.digest },
      f.requester,
      { at: t(11) },
    );
    expect(again.total).toBe(3);
  });

  it("without the flag, a hold of only verified customers has nothing to do and says why", async () => {
    const selection = { kind: "accounts" as const, externalIds: await externalIds([0, 2]) };
    const error = await requestBulkAction(db, f.incident, { kind: "withdrawal_hold", reason: "Again", selection }, f.requester, { at: t(10) }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).message).toMatch(/2 hold released after verification with the customer/);
    // One account on its own page is chosen on purpose: a single hold is not refused.
    const single = await runSingleAction(db, f.incident, f.accountIds[0]!, { kind: "withdrawal_hold", reason: "Customer called back" }, f.requester, { at: t(10) });
    expect(single).toBeTruthy();
  });

  async function externalIds(indexes: number[]): Promise<string[]> {
    const rows = await db.sql.query<{ external_id: string }>(`SELECT external_id FROM customer_accounts WHERE id = ANY($1::int[])`, [
      indexes.map((i) => f.accountIds[i]),
    ]);
    return rows.map((r) => r.external_id);
  }
});
