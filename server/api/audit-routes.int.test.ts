import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as exportEntries } from "../../app/api/v1/audit/entries/export/route";
import { GET as listEntries } from "../../app/api/v1/audit/entries/route";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { AUDIT_EXPORTED_ACTION } from "../audit/export-audit-log";
import { appendAuditEntries, recordAudit } from "../audit/record-audit";
import { verifyAuditChain } from "../audit/verify-audit-chain";

// /api/v1/audit/entries and its export, below the session (stubbed; the
// database is real). operationRoute checks every JSON answer against its
// documented schema here (NODE_ENV is "test").

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const none = { params: Promise.resolve({}) };
const get = (handler: unknown, path: string) =>
  (handler as Handler)(new Request(`http://localhost/api/v1${path}`), none);

const ADMIN = {
  id: "00000000-0000-4000-8000-0000000000ad",
  email: "admin@breachdesk.test",
  name: "Ada",
  role: "admin" as const,
};

describe.each(testDbKinds())("the audit log's API on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
    routeTest.db = db;
    await db.prisma.staffUser.create({
      data: { id: ADMIN.id, email: ADMIN.email, name: ADMIN.name, role: "admin", passwordHash: "x" },
    });
    const [account] = await db.sql.query<{ id: number }>(
      `INSERT INTO customer_accounts (external_id, email, email_normalized) VALUES ('EX-0000042', 'c@example.com', 'c@example.com') RETURNING id`,
    );
    await recordAudit(db.prisma, {
      actor: ADMIN,
      action: "hold.placed",
      targetType: "customer_account",
      targetId: String(account!.id),
      detail: { note: '=HYPERLINK("x")' },
    });
    await db.sql.transaction((tx) =>
      appendAuditEntries(
        tx,
        Array.from({ length: 5 }, (_, i) => ({
          actor: null,
          action: "bulk_action.item_done",
          targetType: "bulk_action",
          targetId: `b${i}`,
        })),
      ),
    );
  });
  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
  });

  it("pages through the filtered log by following page.nextUrl", async () => {
    routeTest.user = ADMIN;
    const first = await get(listEntries, "/audit/entries?actor=system&limit=3");
    expect(first.status).toBe(200);
    const body = (await first.json()) as { entries: { id: number }[]; page: { next: string; nextUrl: string } };
    expect(body.entries.map((e) => e.id)).toEqual([6, 5, 4]);
    expect(body.page.next).toBe("4");
    const second = (await (await get(listEntries, body.page.nextUrl.replace("/api/v1", ""))).json()) as typeof body;
    expect(second.entries.map((e) => e.id)).toEqual([3, 2]);
    expect(second.page).toEqual({ next: null, nextUrl: null });

    const byAccount = (await (await get(listEntries, "/audit/entries?target=EX-0000042")).json()) as {
      entries: { actor: string; target: { label: string } }[];
    };
    expect(byAccount.entries).toHaveLength(1);
    expect(byAccount.entries[0]).toMatchObject({
      actor: ADMIN.email,
      target: { type: "customer_account", label: "EX-0000042" },
    });
  });

  it("refuses a bad filter naming the parameter, and a role without audit.read", async () => {
    routeTest.user = ADMIN;
    const bad = await get(listEntries, "/audit/entries?from=yesterday");
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { fields: Record<string, string> } }).error.fields).toHaveProperty("from");
    routeTest.user = { ...ADMIN, role: "manager" };
    expect((await get(listEntries, "/audit/entries")).status).toBe(403);
    expect((await get(exportEntries, "/audit/entries/export")).status).toBe(403);
    routeTest.user = { ...ADMIN, role: "support_agent" };
    expect((await get(exportEntries, "/audit/entries/export?format=jsonl")).status).toBe(403);
  });

  it("exports the filtered set as CSV and as JSON lines, each export audited", async () => {
    routeTest.user = ADMIN;
    const before = await db.prisma.auditLog.count({ where: { action: AUDIT_EXPORTED_ACTION } });
    const csv = await get(exportEntries, "/audit/entries/export?action=hold.placed");
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toContain("text/csv");
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines[0]).toBe("id,at_utc,actor,action,incident,target_type,target_id,target,detail,ip,hash");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain("EX-0000042");
    // The detail is one quoted cell holding the entry's JSON.
    expect(lines[1]).toContain(`,"{""note"":""=HYPERLINK(\\""x\\"")""}",`);

    const jsonl = await get(exportEntries, "/audit/entries/export?format=jsonl&actor=system");
    expect(jsonl.headers.get("content-type")).toContain("application/jsonl");
    const entries = (await jsonl.text())
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { id: number; action: string });
    expect(entries.map((e) => e.id)).toEqual([6, 5, 4, 3, 2]);

    const exports = await db.prisma.auditLog.findMany({
      where: { action: AUDIT_EXPORTED_ACTION },
      orderBy: { id: "asc" },
      select: { actorEmail: true, detail: true },
    });
    expect(exports.length - before).toBe(2);
    expect(exports.at(-1)).toEqual({ actorEmail: ADMIN.email, detail: { format: "jsonl", query: "actor=system" } });
    expect(await verifyAuditChain(db.sql)).toMatchObject({ ok: true });
  });
});
