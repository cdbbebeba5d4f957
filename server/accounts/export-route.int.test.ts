import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET } from "../../app/api/v1/incidents/[slug]/accounts/export/route";
import { type Role } from "../../lib/auth/permissions";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { DEMO_INCIDENT_SLUG } from "../seed/demo-incident";
import { rebuildTriage } from "../triage/rebuild-triage";
import { listAccountAudit } from "./list-account-audit";

// The route handler itself, end to end below the session: the session is
// the one thing stubbed (it needs a browser cookie); the database is real.

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

const FORMULA_ADDRESS = "=cmd@x.io";

function get(query: string): Promise<Response> {
  const url = `http://localhost/api/v1/incidents/${DEMO_INCIDENT_SLUG}/accounts/export${query}`;
  return GET(new Request(url), { params: Promise.resolve({ slug: DEMO_INCIDENT_SLUG }) });
}

async function signInAs(db: TestDb, role: Role) {
  const email = { security_analyst: "analyst", manager: "manager", admin: "admin", support_agent: "support" }[role];
  const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: `${email}@breachdesk.test` } });
  routeTest.user = { id: user.id, email: user.email, name: user.name, role };
  return user;
}

describe.each(testDbKinds())("accounts CSV export route on %s", (kind) => {
  let db: TestDb;
  let incidentId: string;

  beforeAll(async () => {
    db = await openTestDb(kind, { demo: true });
    routeTest.db = db;
    const incident = await db.prisma.incident.findUniqueOrThrow({ where: { slug: DEMO_INCIDENT_SLUG } });
    incidentId = incident.id;
    // A valid address (RFC 5322 allows "=" in the local part) that a
    // spreadsheet would run as a formula, exposed with an account.
    const message = await db.prisma.leakMessage.findFirstOrThrow({ where: { incidentId }, orderBy: { id: "asc" } });
    const account = await db.prisma.customerAccount.create({
      data: {
        externalId: "=HYPERLINK(1)",
        email: FORMULA_ADDRESS,
        emailNormalized: FORMULA_ADDRESS,
        balanceUsdCents: 250_000n,
        country: "GB",
      },
    });
    await db.prisma.leakedRecipient.create({
      data: {
        incidentId,
        messageId: message.id,
        emailOriginal: FORMULA_ADDRESS,
        emailNormalized: FORMULA_ADDRESS,
        accountId: account.id,
      },
    });
    await db.sql.transaction((tx) => rebuildTriage(tx, incidentId));
  });
  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
  });

  it("streams every matching row as an attachment, escaping formula cells", async () => {
    await signInAs(db, "security_analyst");
    const response = await get("?q=%3Dcmd%40x.io");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="${DEMO_INCIDENT_SLUG}-exposed-accounts.csv"`,
    );
    const lines = (await response.text()).split("\r\n").filter(Boolean);
    expect(lines).toHaveLength(2);
    const cells = lines[1]!.split(",");
    expect(cells[1]).toBe(`'${FORMULA_ADDRESS}`);
    expect(cells[2]).toBe("'=HYPERLINK(1)");
    expect(lines[1]).toContain("balance $2,500 and no 2FA");
    expect(lines.join("\n")).not.toMatch(/(^|,)=cmd/);
  });

  it("exports the whole filter, not a page, and audits who exported what", async () => {
    const analyst = await signInAs(db, "security_analyst");
    const response = await get("?tier=critical&twoFactor=no&after=whatever&size=10");
    const rows = (await response.text()).split("\r\n").filter(Boolean).slice(1);
    const [expected] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM triage_entries WHERE incident_id = $1 AND risk_tier = 'critical' AND two_factor_enabled = false`,
      [incidentId],
    );
    expect(rows.length).toBe(expected!.n);
    expect(rows.length).toBeGreaterThan(10);
    expect(response.headers.get("x-row-count")).toBe(String(expected!.n));
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "accounts.exported", actorId: analyst.id },
      orderBy: { id: "desc" },
    });
    expect(audit.incidentId).toBe(incidentId);
    expect(audit.detail).toMatchObject({
      rowCount: expected!.n,
      masked: false,
      query: "tier=critical&twoFactor=no&sort=risk",
    });
    // The account page's trail of an exported account shows who exported it unmasked.
    const [inside] = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM triage_entries WHERE incident_id = $1 AND risk_tier = 'critical' AND two_factor_enabled = false AND account_id IS NOT NULL LIMIT 1`,
      [incidentId],
    );
    const trail = await listAccountAudit(db, incidentId, inside!.account_id);
    expect(trail.find((entry) => entry.id === audit.id)).toMatchObject({
      actor: analyst.email,
      action: "accounts.exported",
    });
  });

  it("masks every address in a manager's export", async () => {
    await signInAs(db, "manager");
    const response = await get("?tier=critical");
    expect(response.status).toBe(200);
    const rows = (await response.text()).split("\r\n").filter(Boolean).slice(1);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => /^critical,.\*\*\*@[^,]+,/.test(row))).toBe(true);
    const formula = await (await get(`?q=${encodeURIComponent("=HYPERLINK(1)")}`)).text();
    expect(formula).toContain(`'=***@x.io`);
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "accounts.exported" },
      orderBy: { id: "desc" },
    });
    expect(audit.detail).toMatchObject({ masked: true });
  });

  // Regression: the row count (and the rows) answered yes or no for any address or prefix.
  it("lets a manager neither search for an address or a prefix nor sort by address", async () => {
    await signInAs(db, "manager");
    for (const query of ["?q=%3Dcmd%40x.io", "?q=%40x.io", "?sort=email", "?sort=email&tier=critical"]) {
      const refused = await get(query);
      expect(refused.status, query).toBe(422);
      expect(((await refused.json()) as { error: { code: string } }).error.code).toBe("VALIDATION");
    }
    for (const prefix of ["=cmd", "=", "c"]) {
      const response = await get(`?q=${encodeURIComponent(prefix)}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("x-row-count"), prefix).toBe("0");
    }
    // The analyst, who sees addresses, finds it by prefix.
    await signInAs(db, "security_analyst");
    expect((await get("?q=%3Dcmd")).headers.get("x-row-count")).toBe("1");
  });

  it("names the invalid parameter, refuses the signed-out, and 404s an unknown incident", async () => {
    await signInAs(db, "security_analyst");
    const invalid = await get("?tier=severe");
    expect(invalid.status).toBe(422);
    const body = (await invalid.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe("VALIDATION");
    expect(body.error.message).toContain('"tier"');

    const unknown = await GET(new Request("http://localhost/api/v1/incidents/nope/accounts/export"), {
      params: Promise.resolve({ slug: "nope" }),
    });
    expect(unknown.status).toBe(404);

    routeTest.user = null;
    expect((await get("")).status).toBe(401);
  });
});
