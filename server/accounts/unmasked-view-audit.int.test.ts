import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { recordAudit } from "../audit/record-audit";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { ACCOUNTS_EXPORTED_ACTION, listAccountAudit } from "./list-account-audit";
import { recordUnmaskedAccountView, UNMASKED_VIEW_ACTION } from "./record-unmasked-view";

// Seeing a customer's address unmasked is itself audited, and the
// account page's audit trail shows who looked (on the page or in an export).
describe.each(testDbKinds())("who saw an account's address, on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let account: { account_id: number; external_id: string; risk_tier: string };
  let analyst: { id: string; email: string };

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    incidentId = (await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } })).id;
    const [row] = await db.sql.query<typeof account>(
      `SELECT account_id, external_id, risk_tier::text AS risk_tier FROM triage_entries
        WHERE incident_id = $1 AND account_id IS NOT NULL ORDER BY id LIMIT 1`,
      [incidentId],
    );
    account = row!;
    analyst = await db.prisma.staffUser.findUniqueOrThrow({
      where: { email: "analyst@breachdesk.test" },
      select: { id: true, email: true },
    });
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("lists each unmasked view of the account page with who looked", async () => {
    await recordUnmaskedAccountView(db, analyst, incidentId, account.account_id);
    const trail = await listAccountAudit(db, incidentId, account.account_id);
    expect(trail[0]).toMatchObject({ action: UNMASKED_VIEW_ACTION, actor: "analyst@breachdesk.test" });
    const entry = await db.prisma.auditLog.findFirstOrThrow({ where: { action: UNMASKED_VIEW_ACTION } });
    expect(entry).toMatchObject({ incidentId, targetType: "customer_account", targetId: String(account.account_id) });
  });

  it("lists the unmasked exports whose filter takes in the account, not masked ones or others", async () => {
    const exported = (query: string, masked: boolean) =>
      recordAudit(db.prisma, {
        actor: analyst,
        action: ACCOUNTS_EXPORTED_ACTION,
        incidentId,
        targetType: "incident",
        targetId: incidentId,
        detail: { format: "csv", query, rowCount: 1, masked },
      });
    const otherTier = account.risk_tier === "low" ? "critical" : "low";
    await exported(`q=${encodeURIComponent(account.external_id)}&sort=risk`, false);
    await exported(`tier=${account.risk_tier}&sort=balance`, false);
    await exported(`tier=${otherTier}&sort=risk`, false);
    await exported(`q=${encodeURIComponent(account.external_id)}&sort=risk`, true);
    await exported("tier=not-a-tier", false);
    const trail = await listAccountAudit(db, incidentId, account.account_id);
    const exports = trail.filter((entry) => entry.action === ACCOUNTS_EXPORTED_ACTION);
    expect(exports.map((entry) => JSON.parse(entry.detail!).query)).toEqual([
      `tier=${account.risk_tier}&sort=balance`,
      `q=${encodeURIComponent(account.external_id)}&sort=risk`,
    ]);
    expect(exports.every((entry) => entry.actor === "analyst@breachdesk.test")).toBe(true);
  });
});
