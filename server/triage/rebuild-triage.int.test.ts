import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { evaluateRisk, type RiskFeatures } from "../../lib/risk/rules";
import { BALANCE_TIER_MIN_CENTS, isBalanceTier } from "../../lib/risk/balance-tiers";
import { openDemoDb, testDbKinds, type TestDb } from "../../test/db";
import { BULK_MIN_ROWS } from "../db/incident-partition";
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
    ({ db, incident } = await openDemoDb(kind));
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  // Every column a rebuild writes, for comparing rebuilds.
  const digest = async () => {
    const [row] = await db.sql.query<{ n: number; h: string }>(
      `SELECT count(*)::int AS n,
              md5(string_agg((t.email_normalized, t.email_original, t.account_id, t.external_id, t.first_message_id,
                              t.exposure_count, t.seen_by, t.two_factor_enabled, t.balance_usd_cents, t.balance_tier,
                              t.country, t.events_after_t0, t.last_event_at, t.password_changed_at, t.risk_tier,
                              t.risk_sort, t.risk_rules)::text, '|' ORDER BY t.email_normalized)) AS h
         FROM triage_entries t WHERE incident_id = $1`,
      [incident.id],
    );
    return row!;
  };
  const partitions = () =>
    db.sql.query<{ name: string; bound: string }>(
      `SELECT c.relname::text AS name, pg_get_expr(c.relpartbound, c.oid) AS bound FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'triage_entries'::regclass ORDER BY c.relname`,
    );
  const inDefault = async () =>
    (
      await db.sql.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM triage_entries_default WHERE incident_id = $1`,
        [incident.id],
      )
    )[0]!.n;

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
    const before = await digest();
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id));
    expect(await digest()).toEqual(before);
  });

  it("ranks the same rows into a partition of the incident's own as in place", async () => {
    // The seed ranked the incident into a partition of its own: start from
    // the default partition, like an incident that grew row by row.
    for (const { name } of (await partitions()).filter((p) => p.bound !== "DEFAULT")) {
      await db.sql.exec(
        `ALTER TABLE triage_entries DETACH PARTITION ${name}; INSERT INTO triage_entries SELECT * FROM ${name}; DROP TABLE ${name}`,
      );
    }
    const inPlace = await db.sql.transaction((tx) =>
      rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "in_place" }),
    );
    expect(inPlace.strategy).toBe("in_place");
    const before = await digest();
    expect(before.n).toBe(inPlace.rows);
    expect(await inDefault()).toBe(before.n);

    const bulk = await db.sql.transaction((tx) =>
      rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "partition" }),
    );
    expect(bulk).toEqual({ rows: before.n, strategy: "partition" });
    expect(await digest()).toEqual(before);
    expect(await inDefault()).toBe(0);
    const own = (await partitions()).filter((p) => p.bound !== "DEFAULT");
    expect(own).toEqual([
      { name: expect.stringMatching(/^triage_[0-9a-f]{32}_[0-9a-f]{6}$/), bound: `FOR VALUES IN ('${incident.id}')` },
    ]);

    // Rebuilt again: the new partition replaces the previous one.
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "partition" }));
    const again = (await partitions()).filter((p) => p.bound !== "DEFAULT");
    expect(again).toHaveLength(1);
    expect(again[0]!.name).not.toBe(own[0]!.name);
    expect(await digest()).toEqual(before);

    // Row by row into the incident's partition.
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "in_place" }));
    expect(await digest()).toEqual(before);
  });

  it("leaves the accounts' remediation where it is across a rebuild into a new partition", async () => {
    const [row] = await db.sql.query<{ email_normalized: string; account_id: number }>(
      `SELECT t.email_normalized, t.account_id FROM triage_entries t
        WHERE t.incident_id = $1 AND t.account_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM account_remediation ar WHERE ar.incident_id = t.incident_id AND ar.account_id = t.account_id)
        ORDER BY t.email_normalized LIMIT 1`,
      [incident.id],
    );
    await db.sql.query(
      `INSERT INTO account_remediation (incident_id, account_id, hold_status) VALUES ($1, $2, 'active')`,
      [incident.id, row!.account_id],
    );
    await db.sql.transaction((tx) => rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "partition" }));
    const held = await db.sql.query(
      `SELECT t.email_normalized FROM triage_entries t
         JOIN account_remediation ar ON ar.incident_id = t.incident_id AND ar.account_id = t.account_id
        WHERE t.incident_id = $1 AND ar.hold_status = 'active' AND t.account_id = $2`,
      [incident.id, row!.account_id],
    );
    expect(held).toEqual([{ email_normalized: row!.email_normalized }]);
  });

  it("leaves everything as it was when the transaction rolls back", async () => {
    const before = await digest();
    const tables = await partitions();
    await expect(
      db.sql.transaction(async (tx) => {
        await rebuildTriage(tx, incident.id, { kind: "all" }, { strategy: "partition" });
        throw new Error("interrupted");
      }),
    ).rejects.toThrow("interrupted");
    expect(await partitions()).toEqual(tables);
    expect(await digest()).toEqual(before);
  });

  it("chooses a partition for many rows and row by row for a few", async () => {
    const few = await db.sql.transaction(async (tx) => {
      await tx.exec(
        `CREATE TEMP TABLE touched ON COMMIT DROP AS SELECT email_normalized FROM triage_entries WHERE incident_id = '${incident.id}' LIMIT 10`,
      );
      return rebuildTriage(tx, incident.id, { kind: "emails", table: "touched", column: "email_normalized" });
    });
    expect(few).toEqual({ rows: 10, strategy: "in_place" });
    const all = await db.sql.transaction((tx) => rebuildTriage(tx, incident.id));
    expect(all.rows).toBeGreaterThanOrEqual(BULK_MIN_ROWS);
    expect(all.strategy).toBe("partition");
  });

  it("counts the recipients of the messages that grew when it chooses", async () => {
    const before = await digest();
    const messages = await db.sql.query<{ id: number }>(`SELECT id FROM leak_messages WHERE incident_id = $1`, [
      incident.id,
    ]);
    // Ten new addresses, one in each of the incident's messages: every earlier recipient is ranked again.
    const grown = await db.sql.transaction(async (tx) => {
      await tx.exec(
        `CREATE TEMP TABLE touched ON COMMIT DROP AS SELECT email_normalized FROM triage_entries WHERE incident_id = '${incident.id}' LIMIT 10`,
      );
      return rebuildTriage(tx, incident.id, {
        kind: "emails",
        table: "touched",
        column: "email_normalized",
        grownMessages: messages.map((m) => m.id),
      });
    });
    expect(grown).toEqual({ rows: before.n, strategy: "partition" });
    expect(await digest()).toEqual(before);
  });
});
