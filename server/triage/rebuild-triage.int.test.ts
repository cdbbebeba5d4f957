import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRisk, type RiskFeatures } from "../../lib/risk/rules";
import { BALANCE_TIER_MIN_CENTS, isBalanceTier } from "../../lib/risk/balance-tiers";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { seedDemo } from "../seed/seed-demo";
import { rebuildTriage } from "./rebuild-triage";

type Row = {
  email_normalized: string;
  account_id: number | null;
  two_factor_enabled: boolean | null;
  balance_usd_cents: number | string | null;
  balance_tier: string | null;
  password_changed_at: Date | null;
  security_changes: number;
  withdrawal_changes: number;
  new_device_logins: number;
  failed_logins: number;
  api_keys_created: number;
  risk_tier: string;
  risk_rules: string[];
};

describe.each(testDbKinds())("triage rebuild on %s", (kind) => {
  let db: TestDb;
  let incident: { id: string; awareAt: Date };

  beforeAll(async () => {
    db = await openTestDb(kind);
    await seedDemo(db, { nodeEnv: "test" });
    incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } });
  });
  afterAll(async () => {
    await db.cleanup();
  });

  it("has one row per exposed address, matched or not", async () => {
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id));
    const [counts] = await db.sql.query<{ rows: number; matched: number; addresses: number }>(
      `SELECT count(*)::int AS rows, count(account_id)::int AS matched,
              (SELECT count(DISTINCT email_normalized)::int FROM leaked_recipients WHERE incident_id = $1 AND visibility <> 'bcc') AS addresses
         FROM triage_entries WHERE incident_id = $1`,
      [incident.id],
    );
    expect(counts!.rows).toBe(counts!.addresses);
    expect(counts!.matched).toBe(22_650);
  });

  it("assigns exactly the tier and rules that the rule data gives for every row (SQL = JS)", async () => {
    const rows = await db.sql.query<Row>(`SELECT * FROM triage_entries WHERE incident_id = $1`, [incident.id]);
    let mismatches = 0;
    const tiers = new Map<string, number>();
    for (const row of rows) {
      const balance =
        row.balance_usd_cents !== null
          ? Number(row.balance_usd_cents)
          : isBalanceTier(row.balance_tier)
            ? BALANCE_TIER_MIN_CENTS[row.balance_tier]
            : 0;
      const features: RiskFeatures = {
        matched: row.account_id !== null,
        twoFactorEnabled: row.two_factor_enabled ?? false,
        balanceUsdCents: balance,
        passwordChangedHoursAfterT0: row.password_changed_at
          ? (new Date(row.password_changed_at).getTime() - incident.awareAt.getTime()) / 3_600_000
          : null,
        securityChanges: row.security_changes,
        withdrawalChanges: row.withdrawal_changes,
        newDeviceLogins: row.new_device_logins,
        failedLogins: row.failed_logins,
        apiKeysCreated: row.api_keys_created,
      };
      const expected = evaluateRisk(features);
      if (expected.tier !== row.risk_tier || expected.rules.join() !== row.risk_rules.join()) mismatches++;
      tiers.set(row.risk_tier, (tiers.get(row.risk_tier) ?? 0) + 1);
    }
    expect(mismatches).toBe(0);
    // The demo incident has accounts in every tier.
    for (const tier of ["critical", "high", "medium", "low"]) expect(tiers.get(tier) ?? 0).toBeGreaterThan(0);
  });

  it("counts only events after T0", async () => {
    const [row] = await db.sql.query<{ wrong: number }>(
      `SELECT count(*)::int AS wrong FROM triage_entries t
        WHERE t.incident_id = $1 AND t.events_after_t0 <> (
          SELECT count(*) FROM security_events e WHERE e.account_id = t.account_id AND e.occurred_at > $2)`,
      [incident.id, incident.awareAt],
    );
    expect(row!.wrong).toBe(0);
  });

  it("is idempotent", async () => {
    const digest = async () =>
      db.sql.query<{ h: string }>(
        `SELECT md5(string_agg((t.email_normalized, t.account_id, t.risk_tier, t.risk_rules, t.risk_sort, t.events_after_t0)::text, '|'
                ORDER BY t.email_normalized)) AS h FROM triage_entries t WHERE incident_id = $1`,
        [incident.id],
      );
    const before = await digest();
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id));
    expect(await digest()).toEqual(before);
  });
});
