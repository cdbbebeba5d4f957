import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuditLogFilterQuery } from "../../lib/audit/log-query";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { listAuditActions, listAuditLog, streamAuditLog } from "./list-audit-log";
import { appendAuditEntries, recordAudit } from "./record-audit";
import { verifyAuditChain } from "./verify-audit-chain";

const ANA = { id: "00000000-0000-4000-8000-00000000000a", email: "ana@breachdesk.test" };
const BO = { id: "00000000-0000-4000-8000-00000000000b", email: "bo@breachdesk.test" };
const filter = (raw: Record<string, unknown> = {}) => AuditLogFilterQuery.parse(raw);

describe.each(testDbKinds())("the audit log's filters and pages on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;
  let accountId: number;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    const incident = await db.prisma.incident.create({
      data: {
        slug: "audit-filters",
        title: "Audit filters",
        leakStartedAt: new Date("2019-11-01"),
        awareAt: new Date("2019-11-07"),
      },
    });
    incidentId = incident.id;
    const [account] = await db.sql.query<{ id: number }>(
      `INSERT INTO customer_accounts (external_id, email, email_normalized) VALUES ('EX-0019717', 'c@example.com', 'c@example.com') RETURNING id`,
    );
    accountId = Number(account!.id);
    // 1-3: Ana on the account on three days; 4: Bo on the incident; 5-24: the system, twenty bulk entries.
    for (const [i, day] of ["2019-11-07", "2019-11-08", "2019-11-09"].entries()) {
      await recordAudit(db.prisma, {
        actor: ANA,
        at: new Date(`${day}T10:00:00Z`),
        action: i === 1 ? "hold.placed" : "account.reset_forced",
        incidentId,
        targetType: "customer_account",
        targetId: String(accountId),
      });
    }
    await recordAudit(db.prisma, {
      actor: BO,
      at: new Date("2019-11-09T12:00:00Z"),
      action: "incident.updated",
      incidentId,
      targetType: "incident",
      targetId: incidentId,
    });
    await db.sql.transaction((tx) =>
      appendAuditEntries(
        tx,
        Array.from({ length: 20 }, (_, i) => ({
          actor: null,
          at: new Date(Date.UTC(2019, 10, 10, 0, i)),
          action: "bulk_action.item_done",
          incidentId,
          targetType: "bulk_action",
          targetId: "00000000-0000-4000-8000-0000000000b1",
        })),
      ),
    );
  });

  it("lists newest first and names targets the way people do", async () => {
    const page = await listAuditLog(db, filter(), { limit: 30 });
    expect(page.entries.map((e) => e.id)).toEqual(Array.from({ length: 24 }, (_, i) => 24 - i));
    expect(page.next).toBeNull();
    const onAccount = page.entries.find((e) => e.id === 1)!;
    expect(onAccount).toMatchObject({
      actor: ANA.email,
      incident: "audit-filters",
      target: { type: "customer_account", id: String(accountId), label: "EX-0019717" },
    });
    expect(page.entries.find((e) => e.id === 4)!.target).toEqual({
      type: "incident",
      id: incidentId,
      label: "audit-filters",
    });
  });

  it("filters by actor (or Breachdesk itself), action, target and time", async () => {
    const ids = async (raw: Record<string, unknown>) =>
      (await listAuditLog(db, filter(raw), { limit: 100 })).entries.map((e) => e.id);
    expect(await ids({ actor: "ANA@breachdesk.test" })).toEqual([3, 2, 1]);
    expect((await ids({ actor: "system" })).length).toBe(20);
    expect(await ids({ action: ["hold.placed", "incident.updated"] })).toEqual([4, 2]);
    // The exchange's account id, not the internal number the entries carry.
    expect(await ids({ target: "EX-0019717" })).toEqual([3, 2, 1]);
    expect(await ids({ target: incidentId })).toEqual([4]);
    expect(await ids({ target: "EX-0000000" })).toEqual([]);
    expect(await ids({ from: "2019-11-08", to: "2019-11-09" })).toEqual([4, 3, 2]);
    expect(await ids({ from: "2019-11-08T10:00", to: "2019-11-09T10:00Z" })).toEqual([2]);
    expect(await ids({ actor: ANA.email, action: ["account.reset_forced"], to: "2019-11-08" })).toEqual([1]);
  });

  it("refuses a malformed filter, naming the field", () => {
    const parsed = AuditLogFilterQuery.safeParse({ from: "2026-02-31", action: ["DROP TABLE"] });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => i.path[0]).sort()).toEqual(["action", "from"]);
  });

  it("pages by chain position, and entries appended meanwhile never shift a page", async () => {
    const first = await listAuditLog(db, filter({ actor: "system" }), { limit: 8 });
    expect(first.entries.map((e) => e.id)).toEqual([24, 23, 22, 21, 20, 19, 18, 17]);
    expect(first.next).toBe(17);
    await db.sql.transaction((tx) =>
      appendAuditEntries(tx, [
        { actor: null, action: "bulk_action.item_done", targetType: "bulk_action", targetId: "x" },
      ]),
    );
    const second = await listAuditLog(db, filter({ actor: "system" }), { after: first.next!, limit: 8 });
    expect(second.entries.map((e) => e.id)).toEqual([16, 15, 14, 13, 12, 11, 10, 9]);
    const third = await listAuditLog(db, filter({ actor: "system" }), { after: second.next!, limit: 8 });
    expect(third.entries.map((e) => e.id)).toEqual([8, 7, 6, 5]);
    expect(third.next).toBeNull();
  });

  it("streams the whole filtered set a page at a time, and lists the action names", async () => {
    const pages: number[][] = [];
    for await (const entries of streamAuditLog(db, filter({ action: ["bulk_action.item_done"] }), 7))
      pages.push(entries.map((e) => e.id));
    expect(pages.map((p) => p.length)).toEqual([7, 7, 6]);
    expect(pages.flat()).toEqual(Array.from({ length: 20 }, (_, i) => 24 - i));
    expect(await listAuditActions(db)).toEqual([
      "account.reset_forced",
      "bulk_action.item_done",
      "hold.placed",
      "incident.updated",
    ]);
    // Reading never touches the chain.
    expect(await verifyAuditChain(db.sql)).toMatchObject({ ok: true, entries: 24 });
  });
});
