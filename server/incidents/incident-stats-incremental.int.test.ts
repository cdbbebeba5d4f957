import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import type { Db } from "../db";
import { resetEnvCache } from "../env";
import { importAccounts } from "../imports/import-accounts";
import { importSecurityEvents } from "../imports/import-events";
import { importMessages } from "../imports/import-messages";
import { importRecipientList } from "../imports/import-recipients";
import { approveBulkAction, cancelBulkAction, retryFailedItems } from "../remediation/control-bulk-action";
import { previewBulkAction } from "../remediation/preview-bulk-action";
import { requestBulkAction } from "../remediation/request-bulk-action";
import { runSingleAction } from "../remediation/single-action";
import { createExposedAccounts } from "../remediation/test-fixtures";
import { createTestIncident, createTestStaff } from "../timeline/test-fixtures";
import { drainWork, sweepExpired } from "../workers/work";
import { createIncident } from "./create-incident";
import { builtinProvider } from "../providers/builtin/builtin-provider";
import { processBatch } from "../remediation/run-batch";
import { claimBatch } from "../remediation/sql/claim-batch";
import { refreshIncidentStats } from "./refresh-incident-stats";

async function* chunks(text: string): AsyncGenerator<Buffer> {
  yield Buffer.from(text);
}

const NUMBERS = `leaked_recipients, unique_addresses, matched_accounts, messages, open_actions, completed_actions,
                 active_holds, changed_after_t0`;

async function summary(db: Db, incidentId: string): Promise<Record<string, number>> {
  const [row] = await db.sql.query<Record<string, number>>(
    `SELECT ${NUMBERS} FROM incident_stats WHERE incident_id = $1`,
    [incidentId],
  );
  return row!;
}

/** The maintained summary, then a full recount from the rows: they must be the same numbers. */
async function expectSameAsRecount(db: Db, incidentId: string): Promise<Record<string, number>> {
  const kept = await summary(db, incidentId);
  await refreshIncidentStats(db.sql, incidentId);
  expect(kept).toEqual(await summary(db, incidentId));
  return kept;
}

describe.each(testDbKinds())("the incident's summary, kept incrementally, on %s", (kind) => {
  let db: TestDb;

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "50");
    vi.stubEnv("BREACHDESK_WORK_BATCH_SIZE", "40");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("equals a full recount after imports, resets, holds, releases, cancellations, retries and expiries", async () => {
    const incident = await createIncident(
      db,
      { slug: "kept", title: "Kept", awareAt: "2019-11-07T09:12:00Z", leakStartedAt: "2019-11-07T08:30:00Z" },
      null,
    );
    const requester = await createTestStaff(db, "Rita Requester");
    const approver = await createTestStaff(db, "Adam Approver");
    await createExposedAccounts(db.sql, incident.id, 200, { unmatched: 5, prefix: "kept" });
    await refreshIncidentStats(db.sql, incident.id);
    // An import, and the same list again (duplicates only), then a directory import that matches one more.
    const list = "email\nann@example.com\nbob@example.com\nkept.3@example.com\n";
    const recipients = () =>
      importRecipientList(db, {
        incidentId: incident.id,
        fileName: "l.csv",
        bytesTotal: null,
        source: chunks(list),
        actor: null,
      });
    await recipients();
    await expectSameAsRecount(db, incident.id);
    await recipients();
    await importAccounts(db, {
      fileName: "a.csv",
      bytesTotal: null,
      source: chunks("account id,email\nANN,ann@example.com\n"),
      actor: null,
    });
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ matched_accounts: 201, unique_addresses: 207 });
    // A sent message: a new address, one exposed already, a customer's, and a Bcc'd one (not exposed).
    const message = [
      "Message-ID: <later@x>",
      "To: new.one@example.com, ann@example.com",
      "Cc: kept.7@example.com",
      "Bcc: hidden@example.com",
      "",
      "body",
      "",
    ].join("\r\n");
    const before = await summary(db, incident.id);
    await importMessages(db, {
      incidentId: incident.id,
      fileName: "later.eml",
      bytesTotal: null,
      source: { kind: "eml", stream: chunks(message) },
      actor: null,
    });
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({
      leaked_recipients: before.leaked_recipients! + 3,
      unique_addresses: 208,
      matched_accounts: 201,
      messages: before.messages! + 1,
    });
    // Security events re-rank only their accounts' rows; the numbers move by what changed there.
    const events = () =>
      importSecurityEvents(db, {
        incidentId: incident.id,
        fileName: "e.csv",
        bytesTotal: null,
        format: "csv",
        source: chunks(
          "account_id,email,time,kind,ip,detail\nANN,,2019-11-07T12:12:00Z,password changed,,\n" +
            ",kept.3@example.com,2019-11-08T01:00:00Z,withdrawal address changed,,\n,kept.6@example.com,2019-11-08T01:00:00Z,failed login,,\n",
        ),
        actor: null,
      });
    await events();
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ changed_after_t0: 2 });
    await events();
    await expectSameAsRecount(db, incident.id);

    const all = { kind: "filter" as const, query: "" };
    const request = async (input: Record<string, unknown>) => {
      const kindOf = input.kind as "password_reset" | "withdrawal_hold" | "hold_release";
      const selection = (input.selection as typeof all | undefined) ?? all;
      const preview = await previewBulkAction(db, incident.id, { kind: kindOf, selection, ...input });
      return requestBulkAction(
        db,
        incident,
        {
          reason: "Test",
          ...input,
          kind: kindOf,
          selection,
          expectedCount: preview.eligible,
          expectedDigest: preview.digest,
        },
        requester,
      );
    };

    // A bulk reset, approved (open items counted), run, finished.
    const reset = await request({ kind: "password_reset" });
    await expectSameAsRecount(db, incident.id);
    await approveBulkAction(db, reset.id, approver);
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ open_actions: 201 });
    await drainWork(db);
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ open_actions: 0, completed_actions: 201 });

    // A bulk hold, cancelled half-way, then the rest held again.
    const firstIds = (n: number) =>
      db.sql
        .query<{ id: number }>(
          `SELECT id FROM triage_entries WHERE incident_id = $1 AND account_id IS NOT NULL ORDER BY id LIMIT $2`,
          [incident.id, n],
        )
        .then((rows) => ({ kind: "ids" as const, ids: rows.map((r) => r.id) }));
    const hold = await request({ kind: "withdrawal_hold", holdHours: 72, selection: await firstIds(160) });
    await approveBulkAction(db, hold.id, approver);
    // Half-way, the action's numbers stay as of its approval (a batch writes only its own action's counters); active holds move.
    await runOneBatch(db);
    expect((await summary(db, incident.id)).active_holds).toBe(40);
    await cancelBulkAction(db, hold.id, approver);
    const afterCancel = await expectSameAsRecount(db, incident.id);
    expect(afterCancel.open_actions).toBe(0);
    expect(afterCancel.active_holds).toBeGreaterThan(0);
    const rest = await request({ kind: "withdrawal_hold", holdHours: 1, selection: await firstIds(160) });
    await approveBulkAction(db, rest.id, approver);
    await drainWork(db);
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ active_holds: 160, open_actions: 0 });

    // Releases: one account on its own, then a bulk release of ten.
    const [held] = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM account_remediation WHERE incident_id = $1 AND hold_status = 'active' ORDER BY account_id LIMIT 1`,
      [incident.id],
    );
    await runSingleAction(
      db,
      incident,
      held!.account_id,
      { kind: "hold_release", reason: "Verified", releaseCode: "verified_with_customer" },
      approver,
    );
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ active_holds: 159 });
    const release = await request({
      kind: "hold_release",
      releaseCode: "false_positive",
      confirmCritical: true,
      selection: await firstIds(20),
    });
    if (release.status === "pending_approval") await approveBulkAction(db, release.id, approver);
    await drainWork(db);
    const released = await expectSameAsRecount(db, incident.id);
    expect(released.active_holds).toBeLessThan(159);

    // Failed items retried (a failure made by hand: the built-in provider never fails).
    await db.sql.run(`UPDATE bulk_action_items SET status = 'failed' WHERE bulk_action_id = $1::uuid AND seq <= 3`, [
      reset.id,
    ]);
    await db.sql.run(`UPDATE bulk_actions SET succeeded = succeeded - 3, failed = failed + 3 WHERE id = $1::uuid`, [
      reset.id,
    ]);
    await refreshIncidentStats(db.sql, incident.id);
    await retryFailedItems(db, reset.id, approver);
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ open_actions: 3 });
    await drainWork(db);
    await expectSameAsRecount(db, incident.id);

    // The holds sweep ends the holds past their expiry (the second hold's hour).
    await sweepExpired(db, new Date(Date.now() + 2 * 3600_000));
    const swept = await expectSameAsRecount(db, incident.id);
    expect(swept.active_holds).toBeLessThan(released.active_holds!);

    // A re-import after all that changes only the imported numbers.
    await recipients();
    expect(await expectSameAsRecount(db, incident.id)).toEqual({ ...swept });
  });

  it("makes the summary with a full count for an incident that has none yet", async () => {
    const incident = await createTestIncident(db);
    const approver = await createTestStaff(db, "Ann Approver");
    await createExposedAccounts(db.sql, incident.id, 60, { prefix: "fresh" });
    const all = { kind: "filter" as const, query: "" };
    const preview = await previewBulkAction(db, incident.id, { kind: "withdrawal_hold", selection: all });
    const requested = await requestBulkAction(
      db,
      incident,
      {
        kind: "withdrawal_hold",
        reason: "Test",
        selection: all,
        holdHours: 24,
        expectedCount: preview.eligible,
        expectedDigest: preview.digest,
      },
      await createTestStaff(db, "Rob Requester"),
    );
    expect(await db.prisma.incidentStats.findUnique({ where: { incidentId: incident.id } })).toBeNull();
    await approveBulkAction(db, requested.id, approver);
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ unique_addresses: 60, open_actions: 60 });
    await drainWork(db);
    expect(await expectSameAsRecount(db, incident.id)).toMatchObject({ completed_actions: 60, active_holds: 60 });
  });
});

/** Runs exactly one batch of whatever is claimable: a bulk action half-way. */
async function runOneBatch(db: Db): Promise<void> {
  const claim = await claimBatch(db.sql, "stats-test", 60, 1);
  expect(claim).not.toBeNull();
  await processBatch(db, claim!, { workerId: "stats-test", provider: builtinProvider });
}
