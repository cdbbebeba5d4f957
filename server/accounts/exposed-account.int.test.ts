import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseTriageQuery, type TriageFilter } from "../../lib/triage/filter";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { recordAudit } from "../audit/record-audit";
import { AppError } from "../errors";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { countTriageEntries } from "../triage/list-triage-entries";
import { ACCOUNTS_CSV_HEADER, exportAccountsCsv } from "./export-accounts-csv";
import { getExposedAccountOrThrow } from "./get-exposed-account";
import { listAccountActions } from "./list-account-actions";
import { runSingleAction } from "../remediation/single-action";
import { ACCOUNT_AUDIT_TARGET, listAccountAudit } from "./list-account-audit";
import { listAccountSecurityEvents } from "./list-account-security-events";
import { listTriageFilterOptions } from "./list-triage-filter-options";
import { previewTriageSelection } from "./preview-triage-selection";

function filterOf(params: Record<string, string>): TriageFilter {
  const { filter } = parseTriageQuery(params, { unmasked: true });
  if (!filter.success) throw filter.error;
  return filter.data;
}

async function collect(chunks: AsyncGenerator<string>): Promise<{ text: string; chunks: number }> {
  let text = "";
  let count = 0;
  for await (const chunk of chunks) {
    text += chunk;
    count++;
  }
  return { text, chunks: count };
}

describe.each(testDbKinds())("exposed accounts on %s", (kind) => {
  let db: TestDb;
  let incident: { id: string; awareAt: Date };
  let other: { id: string; awareAt: Date };
  // A critical account whose password was changed after T0.
  let critical: { account_id: number; external_id: string; email_original: string; first_message_id: number };

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } });
    other = await db.prisma.incident.create({
      data: {
        slug: "other-incident",
        title: "Another leak",
        leakStartedAt: new Date("2020-01-01T00:00:00Z"),
        awareAt: new Date("2020-01-01T01:00:00Z"),
      },
    });
    const [row] = await db.sql.query<typeof critical>(
      `SELECT account_id, external_id, email_original, first_message_id FROM triage_entries
        WHERE incident_id = $1 AND 'password_changed' = ANY(risk_rules) ORDER BY id LIMIT 1`,
      [incident.id],
    );
    critical = row!;
  });
  afterAll(async () => {
    await db?.cleanup();
  });

  it("describes an exposed account: identity, exposing message, tier and fired rules", async () => {
    const account = await getExposedAccountOrThrow(db, incident, critical.account_id, { unmasked: true });
    expect(account.externalId).toBe(critical.external_id);
    expect(account.email.toLowerCase()).toBe(critical.email_original.toLowerCase());
    expect(account.riskTier).toBe("critical");
    const fired = account.rules.find((rule) => rule.id === "password_changed");
    expect(fired?.title).toBe("Password changed after T0");
    expect(fired?.reason).toMatch(/^password changed \d+ (min|h|d) after T0$/);
    expect(account.exposures.length).toBeGreaterThanOrEqual(1);
    const first = account.exposures.find((e) => e.messageId === critical.first_message_id);
    expect(first?.batchKey).toBeTruthy();
    expect(first?.recipientCount).toBe(1000);
    expect(account.seenBy).toBe(999);
  });

  it("masks the account's addresses for viewers without the right", async () => {
    const account = await getExposedAccountOrThrow(db, incident, critical.account_id, { unmasked: false });
    expect(account.email).toMatch(/^.\*\*\*@/);
    expect(account.exposures.every((e) => /^.\*\*\*@/.test(e.listedAs))).toBe(true);
    expect(JSON.stringify(account)).not.toContain(critical.email_original.split("@")[0]);
  });

  it("is NOT_FOUND for an account not exposed in the incident (another incident, or never leaked)", async () => {
    await expect(getExposedAccountOrThrow(db, other, critical.account_id, { unmasked: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const [unexposed] = await db.sql.query<{ id: number }>(
      `SELECT a.id FROM customer_accounts a WHERE NOT EXISTS (SELECT 1 FROM triage_entries t WHERE t.account_id = a.id) LIMIT 1`,
    );
    expect(unexposed).toBeDefined();
    await expect(getExposedAccountOrThrow(db, incident, unexposed!.id, { unmasked: true })).rejects.toBeInstanceOf(
      AppError,
    );
    await expect(getExposedAccountOrThrow(db, incident, 999_999_999, { unmasked: true })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });

  it("lists security events oldest first, marking which came after T0", async () => {
    const { events, truncated } = await listAccountSecurityEvents(db, incident, critical.account_id);
    expect(truncated).toBe(false);
    expect(events.length).toBeGreaterThan(0);
    const times = events.map((e) => e.occurredAt.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    for (const event of events) expect(event.afterT0).toBe(event.occurredAt > incident.awareAt);
    expect(events.some((e) => e.kind === "password_change" && e.afterT0)).toBe(true);

    // Events before T0 are kept and marked as such.
    const [early] = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM security_events WHERE incident_id = $1 AND occurred_at <= $2
          AND account_id IN (SELECT account_id FROM triage_entries WHERE incident_id = $1) LIMIT 1`,
      [incident.id, incident.awareAt],
    );
    const before = await listAccountSecurityEvents(db, incident, early!.account_id);
    expect(before.events.some((e) => !e.afterT0)).toBe(true);
  });

  it("lists the account's remediation actions in this incident only", async () => {
    const [fresh] = await db.sql.query<{ account_id: number }>(
      `SELECT t.account_id FROM triage_entries t
        WHERE t.incident_id = $1 AND t.account_id IS NOT NULL
          AND NOT EXISTS (SELECT 1 FROM bulk_action_items i WHERE i.account_id = t.account_id)
        ORDER BY t.id LIMIT 1`,
      [incident.id],
    );
    const accountId = fresh!.account_id;
    expect(await listAccountActions(db, incident.id, accountId)).toEqual([]);
    const analyst = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "analyst@breachdesk.test" } });
    const result = await runSingleAction(
      db,
      incident,
      accountId,
      { kind: "withdrawal_hold", reason: "Password changed after T0", holdHours: 24 },
      { id: analyst.id, email: analyst.email },
    );
    expect(result.status).toBe("succeeded");
    expect(await listAccountActions(db, other.id, accountId)).toEqual([]);
    const actions = await listAccountActions(db, incident.id, accountId);
    expect(actions).toHaveLength(1);
    expect(actions[0]).toMatchObject({
      kind: "withdrawal_hold",
      status: "succeeded",
      requestedBy: analyst.name,
      origin: "single",
    });
  });

  it("lists the account's audit trail: its own entries, of this incident or none", async () => {
    const target = { targetType: ACCOUNT_AUDIT_TARGET, targetId: String(critical.account_id) };
    const actor = { id: (await db.prisma.staffUser.findFirstOrThrow()).id, email: "analyst@breachdesk.test" };
    await recordAudit(db.prisma, {
      actor,
      action: "accounts.hold_placed",
      incidentId: incident.id,
      ...target,
      detail: { n: 1 },
    });
    await recordAudit(db.prisma, { actor, action: "accounts.note", incidentId: null, ...target });
    await recordAudit(db.prisma, { actor, action: "accounts.elsewhere", incidentId: other.id, ...target });
    await recordAudit(db.prisma, {
      actor,
      action: "accounts.someone_else",
      incidentId: incident.id,
      targetType: ACCOUNT_AUDIT_TARGET,
      targetId: "1",
    });
    // The demo's own remediation of the account is in its trail too.
    const trail = (await listAccountAudit(db, incident.id, critical.account_id)).filter((e) =>
      e.action.startsWith("accounts."),
    );
    expect(trail.map((e) => e.action).sort()).toEqual(["accounts.hold_placed", "accounts.note"]);
    expect(trail.find((e) => e.action === "accounts.hold_placed")?.detail).toBe('{"n":1}');
    expect(trail[0]!.actor).toBe("analyst@breachdesk.test");
  });

  it("offers the countries and exposure groups present in the incident", async () => {
    const options = await listTriageFilterOptions(db, incident);
    expect(options.groups).toHaveLength(23);
    expect(options.countries.length).toBeGreaterThan(1);
    expect(options.countries.every((c) => /^[A-Z]{2}$/.test(c))).toBe(true);
  });

  it("remembers the countries and the messages until the incident's stats move (every import moves them)", async () => {
    const stats = { updatedAt: new Date("2030-01-01T00:00:00Z") };
    const { countries: before, groups: groupsBefore } = await listTriageFilterOptions(db, { id: incident.id, stats });
    const group = groupsBefore[0]!;
    await db.sql.query(`UPDATE leak_messages SET batch_key = 'renamed-batch' WHERE id = $1`, [group.id]);
    const [row] = await db.sql.query<{ email_normalized: string; country: string }>(
      `SELECT email_normalized, country FROM triage_entries WHERE incident_id = $1 AND country IS NOT NULL LIMIT 1`,
      [incident.id],
    );
    await db.sql.query(`UPDATE triage_entries SET country = 'ZZ' WHERE incident_id = $1 AND email_normalized = $2`, [
      incident.id,
      row!.email_normalized,
    ]);
    try {
      const remembered = await listTriageFilterOptions(db, { id: incident.id, stats });
      expect(remembered.countries).toEqual(before);
      expect(remembered.groups).toEqual(groupsBefore);
      const moved = { updatedAt: new Date("2030-01-01T00:00:01Z") };
      const fresh = await listTriageFilterOptions(db, { id: incident.id, stats: moved });
      expect(fresh.countries).toContain("ZZ");
      expect(fresh.groups[0]).toMatchObject({ id: group.id, batchKey: "renamed-batch" });
    } finally {
      await db.sql.query(`UPDATE leak_messages SET batch_key = $2 WHERE id = $1`, [group.id, group.batchKey]);
      await db.sql.query(`UPDATE triage_entries SET country = $3 WHERE incident_id = $1 AND email_normalized = $2`, [
        incident.id,
        row!.email_normalized,
        row!.country,
      ]);
    }
  });

  it("previews a selection: every row matching a filter, or ticked ids scoped to the incident", async () => {
    const filter = filterOf({ tier: "critical", twoFactor: "no" });
    const all = await previewTriageSelection(db, incident.id, { kind: "filter", filter }, { unmasked: true });
    expect(all.count).toBe(await countTriageEntries(db, incident.id, filter, { unmasked: true }));
    expect(all.count).toBeGreaterThan(5);
    expect(all.first).toHaveLength(5);
    expect(all.first.every((row) => row.accountId !== null)).toBe(true);

    const ids = await db.sql.query<{ id: number }>(
      `SELECT id FROM triage_entries WHERE incident_id = $1 ORDER BY id LIMIT 3`,
      [incident.id],
    );
    const picked = await previewTriageSelection(
      db,
      incident.id,
      { kind: "ids", ids: ids.map((r) => r.id) },
      { unmasked: true },
    );
    expect(picked.count).toBe(3);
    // The same ids seen from another incident select nothing.
    const foreign = await previewTriageSelection(
      db,
      other.id,
      { kind: "ids", ids: ids.map((r) => r.id) },
      { unmasked: true },
    );
    expect(foreign).toEqual({ count: 0, first: [] });
  });

  it("exports every matching row in keyset pages, masked for managers", async () => {
    const filter = filterOf({ tier: "critical,high" });
    const expected = await countTriageEntries(db, incident.id, filter, { unmasked: true });
    const { text, chunks } = await collect(
      exportAccountsCsv(db, incident, filter, "risk", { unmasked: false }, { pageSize: 500 }),
    );
    const lines = text.split("\r\n").filter(Boolean);
    expect(lines[0]).toBe(ACCOUNTS_CSV_HEADER.join(","));
    expect(lines).toHaveLength(expected + 1);
    // Header, then one chunk per page of 500.
    expect(chunks).toBe(1 + Math.ceil(expected / 500));
    const emails = lines.slice(1).map((line) => line.split(",")[1]!);
    expect(emails.every((email) => /^.\*\*\*@/.test(email))).toBe(true);
    expect(lines.slice(1).every((line) => /^(critical|high),/.test(line))).toBe(true);

    const unmasked = await collect(
      exportAccountsCsv(db, incident, filterOf({ q: critical.external_id }), "risk", { unmasked: true }),
    );
    const [, row] = unmasked.text.split("\r\n");
    expect(row).toContain(critical.email_original);
    expect(row).toContain("password changed");
  });
});
