import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTriageQuery, type TriageFilter, type TriageSort } from "../../lib/triage/filter";
import { openDemoDb, testDbKinds, type TestDb } from "../../test/db";
import { countTriageEntries, countTriageEntriesForView, listTriageEntries, type TriageRow } from "./list-triage-entries";

function filterOf(params: Record<string, string>): TriageFilter {
  const { filter } = parseTriageQuery(params, { unmasked: true });
  if (!filter.success) throw filter.error;
  return filter.data;
}

describe.each(testDbKinds())("triage table on %s", (kind) => {
  let db: TestDb;
  let incident: { id: string; awareAt: Date };

  beforeAll(async () => {
    ({ db, incident } = await openDemoDb(kind));
  });
  afterAll(async () => {
    await db?.cleanup();
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
    expect(rows.length).toBe(await countTriageEntries(db, incident.id, filter, { unmasked: true }));
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

    const unmatched = await countTriageEntries(db, incident.id, filterOf({ matched: "no" }), { unmasked: true });
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

  it("remembers a view's count until the stats move, except where the filter asks about remediation", async () => {
    const stats = { updatedAt: new Date("2031-01-01T00:00:00Z") };
    const view = { id: incident.id, stats };
    const masked = { unmasked: false };
    const all = filterOf({});
    const critical = filterOf({ tier: "critical" });
    const [fullTotal, criticalTotal, maskedTotal] = [
      await countTriageEntriesForView(db, view, all, { unmasked: true }),
      await countTriageEntriesForView(db, view, critical, { unmasked: true }),
      await countTriageEntriesForView(db, view, critical, masked),
    ];
    expect(fullTotal).toBe(await countTriageEntries(db, incident.id, all, { unmasked: true }));
    expect(criticalTotal).toBe(await countTriageEntries(db, incident.id, critical, { unmasked: true }));
    expect(maskedTotal).toBe(criticalTotal);
    const actionFilter = filterOf({ action: "none" });
    const untouched = await countTriageEntriesForView(db, view, actionFilter, { unmasked: true });

    // A row changed without the stats moving (only a test does that to the rows; the
    // remediation statuses change so when a customer completes a reset).
    const [row] = await db.sql.query<{ id: number; account_id: number; risk_tier: string }>(
      `SELECT t.id, t.account_id, t.risk_tier::text AS risk_tier FROM triage_entries t
        WHERE t.incident_id = $1 AND t.risk_tier <> 'critical' AND t.account_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM account_remediation ar WHERE ar.incident_id = t.incident_id AND ar.account_id = t.account_id)
        LIMIT 1`,
      [incident.id],
    );
    await db.sql.query(`UPDATE triage_entries SET risk_tier = 'critical' WHERE id = $1`, [row!.id]);
    await db.sql.query(
      `INSERT INTO account_remediation (incident_id, account_id, reset_status) VALUES ($1, $2, 'completed')`,
      [incident.id, row!.account_id],
    );
    try {
      expect(await countTriageEntriesForView(db, view, critical, { unmasked: true })).toBe(criticalTotal);
      expect(await countTriageEntriesForView(db, view, all, { unmasked: true })).toBe(fullTotal);
      // Remediation filters are counted afresh on every view.
      expect(await countTriageEntriesForView(db, view, actionFilter, { unmasked: true })).toBe(untouched - 1);
      const moved = { id: incident.id, stats: { updatedAt: new Date("2031-01-01T00:00:01Z") } };
      expect(await countTriageEntriesForView(db, moved, critical, { unmasked: true })).toBe(criticalTotal + 1);
      expect(await countTriageEntriesForView(db, moved, critical, masked)).toBe(criticalTotal + 1);
    } finally {
      await db.sql.query(`DELETE FROM account_remediation WHERE incident_id = $1 AND account_id = $2`, [
        incident.id,
        row!.account_id,
      ]);
      await db.sql.query(`UPDATE triage_entries SET risk_tier = $2::text::"RiskTier" WHERE id = $1`, [row!.id, row!.risk_tier]);
    }
  });

  it("filters by exposure group (the message that exposed the address)", async () => {
    const [message] = await db.sql.query<{ id: number; recipient_count: number }>(
      `SELECT id, recipient_count FROM leak_messages WHERE incident_id = $1 ORDER BY sent_at LIMIT 1`,
      [incident.id],
    );
    expect(await countTriageEntries(db, incident.id, filterOf({ group: String(message!.id) }), { unmasked: true })).toBe(message!.recipient_count);
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

  // Regression: the old cursor carried the sort value, which went into
  // the SQL as it was: a value of the wrong type or range failed the query
  // (an error page, with the SQL in the log).
  it.each(["risk", "balance", "last_event", "email"] as const)(
    "starts from page 1 for any malformed, out-of-range or foreign cursor (sort by %s)",
    async (sort) => {
      const first = await listTriageEntries(db, incident, filterOf({}), { sort, size: 10 }, { unmasked: true });
      const oldStyle = (value: unknown, id: unknown) => Buffer.from(JSON.stringify([value, id])).toString("base64url");
      const bad = [
        oldStyle("not a number", 1),
        oldStyle("99999999999999999999999", 1),
        oldStyle("294277-01-01T00:00:00Z", 5),
        oldStyle(-1e308, 2147483648),
        "zzzzzzzzzzzz",
        "0",
        "-1",
        "1.5",
        "%00",
        "\u0000",
        (2_147_483_648).toString(36),
        // A row id that is not in this incident (nor anywhere).
        (2_000_000_000).toString(36),
      ];
      for (const after of bad) {
        const page = await listTriageEntries(db, incident, filterOf({}), { sort, size: 10, after }, { unmasked: true });
        expect(page.rows.map((r) => r.id), after).toEqual(first.rows.map((r) => r.id));
      }
    },
  );

  // Regression: the next-page cursor was the last row's normalised
  // address in base64 when sorted by e-mail.
  it("gives sealed cursors that reveal nothing and open only for their incident and sort", async () => {
    const page = await listTriageEntries(db, incident, filterOf({}), { sort: "email", size: 10 }, { unmasked: true });
    const last = page.rows[page.rows.length - 1]!;
    const bytes = Buffer.from(page.nextCursor!, "base64url").toString("latin1");
    expect(bytes).not.toContain(last.email.toLowerCase());
    expect(bytes).not.toContain(String(last.id));
    const next = await listTriageEntries(db, incident, filterOf({}), { sort: "email", size: 10, after: page.nextCursor! }, { unmasked: true });
    expect(next.rows[0]!.id).not.toBe(page.rows[0]!.id);
    // The same cursor under another sort, or another incident, starts at page 1.
    const first = await listTriageEntries(db, incident, filterOf({}), { sort: "risk", size: 10 }, { unmasked: true });
    const elsewhere = await listTriageEntries(db, incident, filterOf({}), { sort: "risk", size: 10, after: page.nextCursor! }, { unmasked: true });
    expect(elsewhere.rows.map((r) => r.id)).toEqual(first.rows.map((r) => r.id));
  });

  it("keeps a timestamp cursor exact to the microsecond (no row skipped or repeated)", async () => {
    // Rows whose last events differ by microseconds only, which a JavaScript Date would round together.
    await db.sql.query(
      `UPDATE triage_entries SET last_event_at = '2030-01-01 00:00:00.000001+00'::timestamptz + (id % 7) * interval '1 microsecond'
        WHERE incident_id = $1 AND id IN (SELECT id FROM triage_entries WHERE incident_id = $1 AND account_id IS NULL ORDER BY id LIMIT 40)`,
      [incident.id],
    );
    const unmatched = filterOf({ matched: "no" });
    const rows = await walk(unmatched, "last_event", 10);
    expect(new Set(rows.map((r) => r.id)).size).toBe(rows.length);
    expect(rows.length).toBe(await countTriageEntries(db, incident.id, unmatched, { unmasked: true }));
  });

  it("refuses the e-mail sort to a viewer who sees addresses masked", async () => {
    await expect(
      listTriageEntries(db, incident, filterOf({}), { sort: "email", size: 10 }, { unmasked: false }),
    ).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("answers a masked viewer's search by account id only: an address or a prefix finds nothing", async () => {
    const [sample] = await db.sql.query<{ email_original: string; email_normalized: string; external_id: string }>(
      `SELECT email_original, email_normalized, external_id FROM triage_entries WHERE incident_id = $1 AND account_id IS NOT NULL ORDER BY id LIMIT 1`,
      [incident.id],
    );
    const masked = { unmasked: false };
    const probes = [
      sample!.email_original,
      sample!.email_normalized,
      sample!.email_normalized.slice(0, 3),
      sample!.email_normalized.slice(0, 1),
    ];
    for (const q of probes) {
      // The filter as the data layer gets it (the URL parser refuses "@" for this viewer).
      const filter = { ...filterOf({}), q };
      expect(await countTriageEntries(db, incident.id, filter, masked), q).toBe(0);
      expect((await listTriageEntries(db, incident, filter, { sort: "risk", size: 10 }, masked)).rows, q).toEqual([]);
    }
    expect(await countTriageEntries(db, incident.id, { ...filterOf({}), q: sample!.external_id }, masked)).toBe(1);
  });
});
