import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parseTriageQuery } from "../../lib/triage/filter";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { resetEnvCache } from "../env";
import { listTriageEntries } from "../triage/list-triage-entries";
import { requestBulkAction } from "./request-bulk-action";
import { runSingleAction } from "./single-action";
import { summarizeFrozenSet } from "./summarize-frozen-set";
import { createRemediationFixture } from "./test-fixtures";

// What the approver reads is the frozen set itself, and the link beside it
// opens exactly those accounts in the triage table.
describe.each(testDbKinds())("a bulk action's frozen set on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "10");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("summarises the frozen accounts by tier and rule, balance, earlier actions and a sample; the table filters to exactly them", async () => {
    const f = await createRemediationFixture(db, 30);
    await db.sql.query(`UPDATE triage_entries SET balance_usd_cents = 150000 WHERE incident_id = $1::uuid AND account_id = $2`, [
      f.incident.id,
      f.accountIds[0],
    ]);
    for (const accountId of f.accountIds.slice(0, 2)) {
      await runSingleAction(db, f.incident, accountId, { kind: "withdrawal_hold", reason: "Changed after T0" }, f.approver);
    }
    const requested = await requestBulkAction(
      db,
      f.incident,
      { kind: "password_reset", reason: "Reset every critical and high", selection: { kind: "filter", query: "" } },
      f.requester,
    );
    expect(requested.status).toBe("pending_approval");
    const summary = await summarizeFrozenSet(db, f.incident, requested.id);
    expect(summary).toMatchObject({
      total: 30,
      byTier: [
        { tier: "critical", count: 3 },
        { tier: "high", count: 27 },
      ],
      byRule: [
        { id: "new_device_login", count: 27 },
        { id: "password_changed", count: 3 },
      ],
      balanceUsdCents: 150000,
      withoutBalance: 29,
      alreadyActioned: 2,
    });
    expect(summary.sample).toHaveLength(10);
    expect(summary.sample[0]).toMatchObject({ accountId: f.accountIds[0], tier: "critical", balanceUsdCents: 150000 });
    expect(summary.sample[0]!.reasons[0]).toMatch(/^Password changed/);

    // The table's ?bulk= filter: exactly the frozen accounts, and none of another incident's action.
    const { filter, page } = parseTriageQuery({ bulk: requested.id, size: "100" }, { unmasked: true });
    const listed = await listTriageEntries(db, f.incident, filter.data!, page.data!, { unmasked: true });
    expect(listed.rows).toHaveLength(30);
    const other = await createRemediationFixture(db, 5);
    const foreign = await listTriageEntries(db, other.incident, filter.data!, page.data!, { unmasked: true });
    expect(foreign.rows).toHaveLength(0);
    expect(parseTriageQuery({ bulk: "not-a-uuid" }, { unmasked: true }).filter.success).toBe(false);
  });
});
