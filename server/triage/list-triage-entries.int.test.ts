import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTriageQuery, type TriageFilter, type TriageSort } from "../../lib/triage/filter";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { seedDemo } from "../seed/seed-demo";
import { countTriageEntries, listTriageEntries, type TriageRow } from "./list-triage-entries";

function filterOf(params: Record<string, string>): TriageFilter {
  const { filter } = parseTriageQuery(params);
  if (!filter.success) throw filter.error;
  return filter.data;
}

describe.each(testDbKinds())("triage table on %s", (kind) => {
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

  async function walk(filter: TriageFilter, sort: TriageSort, size = 200): Promise<TriageRow[]> {
    const all: TriageRow[] = [];
    let after: string | undefined;
    for (let pages = 0; pages < 500; pages++) {
      const page = await listTriageEntries(db, incident, filter, { sort, size, after }, { unmasked: true });
      all.push(...page.rows);
      if (!page.nextCursor) return all;
      after = page.nextCursor;
    }
    throw new Error("pagination did not end");
  }

  it.each(["risk", "balance", "email", "last_event"] as const)("keyset pages by %s visit every matching row once, in order", async (sort) => {
    const filter = filterOf({ tier: "critical,high" });
    const rows = await walk(filter, sort);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.length).toBe(await countTriageEntries(db, incident.id, filter));
    expect(rows.every((r) => r.riskTier === "critical" || r.riskTier === "high")).toBe(true);
    if (sort === "balance") {
      const balances = rows.map((r) => r.balanceUsdCents ?? -1);
      expect(balances).toEqual([...balances].sort((a, b) => b - a));
    }
    if (sort === "email") {
      const emails = rows.map((r) => r.email.toLowerCase());
      expect(emails.length).toBeGreaterThan(0);
    }
  });

  it("combines filters: no 2FA, unmatched, country, events, rule", async () => {
    const noTwoFactor = await walk(filterOf({ twoFactor: "no", country: "gb" }), "risk");
    expect(noTwoFactor.length).toBeGreaterThan(0);
    expect(noTwoFactor.every((r) => r.twoFactorEnabled === false && r.country === "GB")).toBe(true);

    const unmatched = await countTriageEntries(db, incident.id, filterOf({ matched: "no" }));
    expect(unmatched).toBe(350);

    const withEvents = await walk(filterOf({ events: "yes", rule: "password_changed" }), "risk");
    expect(withEvents.length).toBeGreaterThan(0);
    for (const row of withEvents) {
      expect(row.eventsAfterT0).toBeGreaterThan(0);
      const fired = row.rules.find((r) => r.id === "password_changed");
      expect(fired?.reason).toMatch(/^password changed \d+ (min|h|d) after T0$/);
      expect(row.riskTier).toBe("critical");
    }
  });

  it("filters by exposure group (the message that exposed the address)", async () => {
    const [message] = await db.sql.query<{ id: number; recipient_count: number }>(
      `SELECT id, recipient_count FROM leak_messages WHERE incident_id = $1 ORDER BY sent_at LIMIT 1`,
      [incident.id],
    );
    expect(await countTriageEntries(db, incident.id, filterOf({ group: String(message!.id) }))).toBe(message!.recipient_count);
  });

  it("finds an account by e-mail (any case, +tag) or account id, and masks for managers", async () => {
    const [sample] = await db.sql.query<{ email_original: string; external_id: string }>(
      `SELECT email_original, external_id FROM triage_entries WHERE incident_id = $1 AND account_id IS NOT NULL ORDER BY id LIMIT 1`,
      [incident.id],
    );
    const byEmail = await listTriageEntries(db, incident, filterOf({ q: sample!.email_original.toUpperCase() }), { sort: "risk", size: 10 }, { unmasked: true });
    expect(byEmail.rows.map((r) => r.externalId)).toContain(sample!.external_id);
    const byId = await listTriageEntries(db, incident, filterOf({ q: sample!.external_id }), { sort: "risk", size: 10 }, { unmasked: false });
    expect(byId.rows).toHaveLength(1);
    expect(byId.rows[0]!.email).toMatch(/^.\*\*\*@/);
  });

  it("starts again from the first page when the cursor is tampered with", async () => {
    const first = await listTriageEntries(db, incident, filterOf({}), { sort: "risk", size: 10 }, { unmasked: true });
    const tampered = await listTriageEntries(db, incident, filterOf({}), { sort: "risk", size: 10, after: "garbage" }, { unmasked: true });
    expect(tampered.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });
});
