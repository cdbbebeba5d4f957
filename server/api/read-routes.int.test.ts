import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getVerification } from "../../app/api/v1/audit/verification/route";
import { GET as getAccount } from "../../app/api/v1/incidents/[slug]/accounts/[accountId]/route";
import { GET as listAccounts } from "../../app/api/v1/incidents/[slug]/accounts/route";
import { GET as listBulkActions } from "../../app/api/v1/incidents/[slug]/bulk-actions/route";
import { GET as listImports } from "../../app/api/v1/incidents/[slug]/imports/route";
import { GET as listNotices } from "../../app/api/v1/incidents/[slug]/notices/route";
import { GET as listObligations } from "../../app/api/v1/incidents/[slug]/obligations/route";
import { GET as getReport } from "../../app/api/v1/incidents/[slug]/report/route";
import { GET as getIncident } from "../../app/api/v1/incidents/[slug]/route";
import { GET as listIncidents } from "../../app/api/v1/incidents/route";
import { GET as getOpenApi } from "../../app/api/v1/openapi.json/route";
import { type Role } from "../../lib/auth/permissions";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { UNMASKED_VIEW_ACTION } from "../accounts/record-unmasked-view";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";

// The API's read routes (those the pages make), end to end below the session (stubbed; the
// database is real). Every answer also passes operationRoute's check against
// its documented schema (NODE_ENV is "test"), so a drift is a 500 here.

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;

async function call(handler: Handler, path: string, params: Record<string, string> = {}) {
  const response = await handler(new Request(`http://localhost/api/v1${path}`), { params: Promise.resolve(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function signInAs(db: TestDb, role: Role) {
  const email = { security_analyst: "analyst", manager: "manager", admin: "admin", support_agent: "support" }[role];
  const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: `${email}@breachdesk.test` } });
  routeTest.user = { id: user.id, email: user.email, name: user.name, role };
}

const slug = DEMO_INCIDENT_SLUG;
const INC = `/incidents/${slug}`;

describe.each(testDbKinds())("the API's read routes on %s", (kind) => {
  let db: TestDb;

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    routeTest.db = db;
  });

  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
  });

  it("pages the Exposed accounts table with an opaque cursor, masked for a manager as on the page", async () => {
    await signInAs(db, "manager");
    const first = await call(listAccounts as Handler, `${INC}/accounts?size=10&sort=balance`, { slug });
    expect(first.status).toBe(200);
    const accounts = first.body.accounts as { id: number; email: string }[];
    expect(accounts).toHaveLength(10);
    for (const row of accounts) expect(row.email).toContain("***");
    const page = first.body.page as { next: string; nextUrl: string };
    expect(page.next).toEqual(expect.any(String));
    expect(page.nextUrl).toContain("after=");
    const second = await call(listAccounts as Handler, page.nextUrl.replace("/api/v1", ""), { slug });
    expect(second.status).toBe(200);
    const ids = new Set(accounts.map((a) => a.id));
    for (const row of second.body.accounts as { id: number }[]) expect(ids.has(row.id)).toBe(false);

    expect((await call(listAccounts as Handler, `${INC}/accounts?sort=email`, { slug })).status).toBe(422);
    expect((await call(listAccounts as Handler, `${INC}/accounts?tier=severe`, { slug })).status).toBe(422);

    await signInAs(db, "security_analyst");
    const unmasked = await call(listAccounts as Handler, `${INC}/accounts?size=10`, { slug });
    expect((unmasked.body.accounts as { email: string }[]).some((a) => a.email.includes("***"))).toBe(false);
  });

  it("shows one account by the exchange's id, audits an unmasked view, and 404s one the incident did not expose", async () => {
    const entry = await db.prisma.triageEntry.findFirstOrThrow({
      where: { accountId: { not: null } },
      select: { accountId: true },
    });
    const account = await db.prisma.customerAccount.findUniqueOrThrow({ where: { id: entry.accountId! } });
    await signInAs(db, "support_agent");
    const found = await call(getAccount as Handler, `${INC}/accounts/${account.externalId}`, {
      slug,
      accountId: account.externalId,
    });
    expect(found.status).toBe(200);
    expect(found.body.account).toMatchObject({ externalId: account.externalId, email: account.email });
    const audited = await db.prisma.auditLog.count({
      where: { action: UNMASKED_VIEW_ACTION, targetId: String(account.id) },
    });
    expect(audited).toBeGreaterThan(0);

    await signInAs(db, "manager");
    const masked = await call(getAccount as Handler, `${INC}/accounts/${account.externalId}`, {
      slug,
      accountId: account.externalId,
    });
    expect((masked.body.account as { email: string }).email).toContain("***");
    expect(
      (await call(getAccount as Handler, `${INC}/accounts/none-such`, { slug, accountId: "none-such" })).status,
    ).toBe(404);
  });

  it("answers the incident, obligations, report, imports, audit verification and the document", async () => {
    await signInAs(db, "admin");
    expect((await call(listIncidents as Handler, "/incidents")).status).toBe(200);
    const incident = await call(getIncident as Handler, INC, { slug });
    expect(incident.status).toBe(200);
    expect((await call(getIncident as Handler, "/incidents/none-such", { slug: "none-such" })).status).toBe(404);
    const obligations = await call(listObligations as Handler, `${INC}/obligations`, { slug });
    expect(obligations.status).toBe(200);
    expect((obligations.body.obligations as { id: string }[]).map((o) => o.id)).toContain("gdpr-art-33");
    const report = await call(getReport as Handler, `${INC}/report`, { slug });
    expect(report.status).toBe(200);
    expect(
      (report.body.report as { remediation: { charts: Record<string, unknown> } }).remediation.charts.funnel,
    ).toBeDefined();
    expect((await call(listImports as Handler, `${INC}/imports`, { slug })).status).toBe(200);
    const bulk = await call(listBulkActions as Handler, `${INC}/bulk-actions`, { slug });
    expect(bulk.status).toBe(200);
    expect((bulk.body.pending as { kind: string }[]).every((b) => ["reset", "hold", "release"].includes(b.kind))).toBe(
      true,
    );
    const notices = await call(listNotices as Handler, `${INC}/notices`, { slug });
    expect(notices.status).toBe(200);
    expect((notices.body.campaigns as { id: string }[]).length).toBeGreaterThan(0);
    const verification = await call(getVerification as Handler, "/audit/verification");
    expect(verification.status).toBe(200);
    expect(verification.body.verification).toMatchObject({ ok: true, firstBad: null });
    expect((await call(getOpenApi as Handler, "/openapi.json")).body.openapi).toBe("3.1.0");

    await signInAs(db, "support_agent");
    expect((await call(getReport as Handler, `${INC}/report`, { slug })).status).toBe(403);
    expect((await call(getVerification as Handler, "/audit/verification")).status).toBe(403);
  });
});
