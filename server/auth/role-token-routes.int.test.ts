import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getAccount } from "../../app/api/v1/incidents/[slug]/accounts/[accountId]/route";
import { GET as exportAccounts } from "../../app/api/v1/incidents/[slug]/accounts/export/route";
import { GET as listAccounts } from "../../app/api/v1/incidents/[slug]/accounts/route";
import { GET as listStaff } from "../../app/api/v1/staff/route";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { changeStaffRole } from "../staff/change-staff-role";
import { createRoleToken } from "./create-role-token";

// A role token through the route handlers themselves (only getDb() is
// pointed at the test's database): after its creator is made a manager, an
// admin's admin token gets what a manager's session gets, masked addresses
// and no staff list, wherever the role decides something.

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

const slug = DEMO_INCIDENT_SLUG;

describe.each(testDbKinds())("a role token whose creator was demoted, on the API's routes, on %s", (kind) => {
  let db: TestDb;
  let token: string;

  async function call(handler: Handler, path: string, params: Record<string, string> = {}) {
    const response = await handler(
      new Request(`http://localhost/api/v1${path}`, { headers: { Authorization: `Bearer ${token}` } }),
      { params: Promise.resolve(params) },
    );
    return { status: response.status, text: await response.text() };
  }

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    routeTest.db = db;
    const owner = await db.prisma.staffUser.create({
      data: { email: "ops-lead@breachdesk.test", name: "Ops lead", role: "admin", passwordHash: "x" },
    });
    token = (await createRoleToken(db, { name: "Ops", role: "admin", expiresInDays: 30 }, owner)).token;
    expect((await call(listStaff as Handler, "/staff")).status).toBe(200);
    const unmasked = await call(listAccounts as Handler, `/incidents/${slug}/accounts?size=10`, { slug });
    expect(unmasked.status).toBe(200);
    expect(unmasked.text).not.toContain("***");
    const admin = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "admin@breachdesk.test" } });
    await changeStaffRole(db, { userId: owner.id, role: "manager" }, { id: admin.id, email: admin.email });
  });
  afterAll(async () => {
    routeTest.db = null;
    await db?.cleanup();
  });

  it("is refused the staff list", async () => {
    const response = await call(listStaff as Handler, "/staff");
    expect(response.status).toBe(403);
    expect(response.text).not.toContain("@breachdesk.test");
  });

  it("sees addresses masked in the accounts table, one account and the CSV export", async () => {
    const list = await call(listAccounts as Handler, `/incidents/${slug}/accounts?size=10`, { slug });
    expect(list.status).toBe(200);
    const accounts = (JSON.parse(list.text) as { accounts: { id: number; email: string }[] }).accounts;
    expect(accounts.length).toBeGreaterThan(0);
    for (const row of accounts) expect(row.email).toContain("***");

    const entry = await db.prisma.triageEntry.findFirstOrThrow({
      where: { accountId: { not: null } },
      select: { accountId: true },
    });
    const account = await db.prisma.customerAccount.findUniqueOrThrow({ where: { id: entry.accountId! } });
    const one = await call(getAccount as Handler, `/incidents/${slug}/accounts/${account.externalId}`, {
      slug,
      accountId: account.externalId,
    });
    expect(one.status).toBe(200);
    expect(one.text).not.toContain(account.email);
    expect(one.text).toContain("***");

    const csv = await call(exportAccounts as Handler, `/incidents/${slug}/accounts/export`, { slug });
    expect(csv.status).toBe(200);
    const rows = csv.text.split("\r\n").filter(Boolean).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toContain("***");

    // The export is audited as the token's, not only as its creator's.
    const { id: tokenId } = await db.prisma.apiToken.findFirstOrThrow({ where: { name: "Ops" }, select: { id: true } });
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "accounts.exported" },
      orderBy: { id: "desc" },
      select: { detail: true },
    });
    expect(audit.detail).toMatchObject({ tokenId, masked: true });
  });
});
