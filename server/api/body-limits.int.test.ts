import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as hold } from "../../app/api/v1/incidents/[slug]/accounts/[accountId]/holds/route";
import { POST as preview } from "../../app/api/v1/incidents/[slug]/bulk-actions/preview/route";
import { POST as requestBulk } from "../../app/api/v1/incidents/[slug]/bulk-actions/route";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { resetEnvCache } from "../env";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";

// Request bodies of the REST API are limited per operation: a declared
// Content-Length over the limit is refused (413) before a byte is read, and a
// body without one is cut off as soon as it passes the limit, so a body that
// never ends is answered. Long lists of account ids go up as a file.

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);
vi.mock(import("../auth/step-up"), async (importOriginal) => ({
  ...(await importOriginal()),
  requireRecentSecondFactor: async () => {},
}));
vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
type Json = {
  error?: { code: string; message: string; fields?: Record<string, string> };
  preview?: { eligible: number; selected: number; digest: string };
  bulkAction?: { status: string; total: number };
};

/** A body that sends 1 KiB each time it is read, for ever; `pulled` counts the reads (none until a reader asks). */
function endlessBody(pulled: { count: number }): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        pulled.count += 1;
        controller.enqueue(new TextEncoder().encode(pulled.count === 1 ? '{"accountIds":["' : "A".repeat(1024)));
      },
    },
    { highWaterMark: 0 },
  );
}

let keys = 0;
async function send<P>(handler: Handler<P>, params: P, init: { body: BodyInit; headers?: Record<string, string> }) {
  const request = new Request("http://localhost/api/v1/test", {
    method: "POST",
    headers: { "Idempotency-Key": `limits-${++keys}`, ...init.headers },
    body: init.body,
    duplex: "half",
  } as RequestInit);
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, json: (await response.json()) as Json };
}

function idsForm(fields: Record<string, unknown>, ids: string): FormData {
  const form = new FormData();
  form.append("request", JSON.stringify(fields));
  form.append("accountIds", new Blob([ids], { type: "text/csv" }), "ids.csv");
  return form;
}

describe.each(testDbKinds())("request body limits on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  let ids: string[];

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "1000");
    resetEnvCache();
    db = await openTestDb(kind);
    routeTest.db = db;
    f = await createRemediationFixture(db, 30);
    ids = (
      await db.sql.query<{ external_id: string }>(`SELECT external_id FROM customer_accounts WHERE id = ANY($1::int[])`, [
        f.accountIds,
      ])
    ).map((r) => r.external_id);
    routeTest.user = { ...f.requester, role: "admin" };
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvCache();
    routeTest.user = null;
    routeTest.db = null;
    await db?.cleanup();
  });

  it("refuses a Content-Length over the limit with 413 before reading a byte", async () => {
    const pulled = { count: 0 };
    const slug = f.incident.slug;
    for (const [handler, params, declared] of [
      [hold, { slug, accountId: ids[0]! }, 64 * 1024 + 1],
      [preview, { slug }, 1024 * 1024 + 1],
      [requestBulk, { slug }, 100 * 1024 * 1024],
    ] as const) {
      const answer = await send(handler as Handler<object>, params, {
        body: endlessBody(pulled),
        headers: { "content-type": "application/json", "content-length": String(declared) },
      });
      expect(answer.status).toBe(413);
      expect(answer.json.error).toMatchObject({ code: "PAYLOAD_TOO_LARGE", fields: { body: expect.stringMatching(/at most/) } });
    }
    expect(pulled.count).toBe(0);
    // As a file upload the limit is higher, and still declared up front.
    const upload = await send(preview, { slug }, {
      body: endlessBody(pulled),
      headers: { "content-type": "multipart/form-data; boundary=x", "content-length": String(16 * 1024 * 1024 + 1) },
    });
    expect(upload.status).toBe(413);
    expect(pulled.count).toBe(0);
  });

  it("answers 413 to a body without Content-Length that never ends, as soon as it passes the limit", async () => {
    const small = { count: 0 };
    const answer = await send(hold, { slug: f.incident.slug, accountId: ids[0]! }, {
      body: endlessBody(small),
      headers: { "content-type": "application/json" },
    });
    expect(answer.status).toBe(413);
    expect(answer.json.error?.code).toBe("PAYLOAD_TOO_LARGE");
    expect(small.count).toBeLessThan(64 + 8);

    const list = { count: 0 };
    const big = await send(preview, { slug: f.incident.slug }, {
      body: endlessBody(list),
      headers: { "content-type": "application/json" },
    });
    expect(big.status).toBe(413);
    expect(list.count).toBeLessThan(1024 + 8);
  });

  it("refuses a JSON list of ids over 1 MiB, and takes the same ids uploaded as a file", async () => {
    const slug = f.incident.slug;
    const many = [...ids, ...Array.from({ length: 90_000 }, (_, i) => `UNKNOWN-${i}`)];
    const json = JSON.stringify({ kind: "reset", accountIds: many });
    expect(json.length).toBeGreaterThan(1024 * 1024);
    const refused = await send(preview, { slug }, { body: json, headers: { "content-type": "application/json" } });
    expect(refused.status).toBe(413);

    const uploaded = await send(preview, { slug }, { body: idsForm({ kind: "reset" }, `account_id\r\n${many.join("\r\n")}\r\n`) });
    expect(uploaded.status).toBe(200);
    expect(uploaded.json.preview).toMatchObject({ eligible: ids.length });

    // The upload requests the action too (same fields as JSON in the part "request").
    const chosen = ids.slice(0, 5);
    const dryRun = await send(preview, { slug }, { body: idsForm({ kind: "reset" }, chosen.join("\n")) });
    expect(dryRun.json.preview).toMatchObject({ eligible: 5 });
    const digest = dryRun.json.preview?.digest;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const requested = await send(requestBulk, { slug }, {
      body: idsForm(
        { kind: "reset", reason: "Ids from the exchange's fraud team", expectedCount: 5, expectedDigest: digest },
        chosen.join("\n"),
      ),
    });
    expect(requested.status).toBe(201);
    expect(requested.json.bulkAction).toMatchObject({ total: 5 });
  });

  it("refuses a form without the file, or whose request part is not JSON", async () => {
    const slug = f.incident.slug;
    const noFile = new FormData();
    noFile.append("request", JSON.stringify({ kind: "reset" }));
    expect((await send(preview, { slug }, { body: noFile })).json.error).toMatchObject({
      code: "VALIDATION",
      fields: { accountIds: "attach the file" },
    });
    const badJson = idsForm({}, "A1");
    badJson.set("request", "{not json");
    expect((await send(preview, { slug }, { body: badJson })).json.error).toMatchObject({ code: "VALIDATION" });
  });
});
