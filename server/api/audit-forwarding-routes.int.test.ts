import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as removeDestination } from "../../app/api/v1/audit/forwarding/[destinationId]/remove/route";
import { GET as listDestinations, POST as addDestination } from "../../app/api/v1/audit/forwarding/route";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";

// /api/v1/audit/forwarding below the session (stubbed; the database is real):
// admins only, the token sealed and never answered, each change audited.

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
const params = (p: Record<string, string> = {}) => ({ params: Promise.resolve(p) });
let keys = 0;
const post = (handler: unknown, path: string, body: unknown, p: Record<string, string> = {}) =>
  (handler as Handler)(
    new Request(`http://localhost/api/v1${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", "Idempotency-Key": `fwd-${++keys}` },
      body: JSON.stringify(body),
    }),
    params(p),
  );
const get = (handler: unknown, path: string) =>
  (handler as Handler)(new Request(`http://localhost/api/v1${path}`), params());

const ADMIN = {
  id: "00000000-0000-4000-8000-0000000000ad",
  email: "admin@breachdesk.test",
  name: "Ada",
  role: "admin" as const,
};
const ANALYST = {
  id: "00000000-0000-4000-8000-0000000000a1",
  email: "analyst@breachdesk.test",
  name: "Al",
  role: "security_analyst" as const,
};

describe.each(testDbKinds())("the audit forwarding API on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
    routeTest.db = db;
    for (const user of [ADMIN, ANALYST]) {
      await db.prisma.staffUser.create({
        data: { id: user.id, email: user.email, name: user.name, role: user.role, passwordHash: "x" },
      });
    }
  });
  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
  });

  it("refuses everyone but admins", async () => {
    routeTest.user = ANALYST;
    expect((await get(listDestinations, "/audit/forwarding")).status).toBe(403);
    const body = { name: "s", kind: "syslog_tcp", host: "127.0.0.1", port: 514 };
    expect((await post(addDestination, "/audit/forwarding", body)).status).toBe(403);
  });

  it("adds a destination (token sealed, never answered), lists it with its lag, removes it; each change audited", async () => {
    routeTest.user = ADMIN;
    const added = await post(addDestination, "/audit/forwarding", {
      name: "splunk",
      kind: "splunk_hec",
      url: "https://splunk.example:8088",
      token: "very-secret-hec-token",
    });
    expect(added.status).toBe(201);
    const text = await added.text();
    expect(text).not.toContain("very-secret-hec-token");
    const { destination } = JSON.parse(text) as {
      destination: { id: string; hasToken: boolean; cursorId: number; lag: number };
    };
    expect(destination).toMatchObject({ hasToken: true, cursorId: 0 });
    expect(destination.lag).toBeGreaterThan(0);
    const [row] = await db.sql.query<{ token_sealed: string }>(`SELECT token_sealed FROM audit_forward_destinations`);
    expect(row!.token_sealed).toMatch(/^v1\./);
    expect(row!.token_sealed).not.toContain("very-secret");

    const invalid = await post(addDestination, "/audit/forwarding", {
      name: "x",
      kind: "splunk_hec",
      url: "http://plain.example",
    });
    expect(invalid.status).toBe(422);
    const duplicate = await post(addDestination, "/audit/forwarding", {
      name: "splunk",
      kind: "syslog_tcp",
      host: "h",
      port: 514,
    });
    expect(duplicate.status).toBe(409);

    const listed = (await (await get(listDestinations, "/audit/forwarding")).json()) as {
      destinations: { name: string; state: string }[];
    };
    expect(listed.destinations).toEqual([expect.objectContaining({ name: "splunk", state: "ok" })]);

    const removed = await post(
      removeDestination,
      `/audit/forwarding/${destination.id}/remove`,
      {},
      { destinationId: destination.id },
    );
    expect(removed.status).toBe(200);
    const missing = await post(
      removeDestination,
      `/audit/forwarding/${destination.id}/remove`,
      {},
      { destinationId: destination.id },
    );
    expect(missing.status).toBe(404);
    const audit = await db.sql.query<{ action: string; actor_email: string }>(
      `SELECT action, actor_email FROM audit_log WHERE action LIKE 'audit.forwarding%' ORDER BY id`,
    );
    expect(audit).toEqual([
      { action: "audit.forwarding_added", actor_email: ADMIN.email },
      { action: "audit.forwarding_removed", actor_email: ADMIN.email },
    ]);
  });
});
