import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { GET as getBulk } from "../../app/api/v1/bulk-actions/[id]/route";
import { POST as approve } from "../../app/api/v1/bulk-actions/[id]/approve/route";
import { POST as cancel } from "../../app/api/v1/bulk-actions/[id]/cancel/route";
import { POST as pause } from "../../app/api/v1/bulk-actions/[id]/pause/route";
import { POST as reject } from "../../app/api/v1/bulk-actions/[id]/reject/route";
import { POST as resume } from "../../app/api/v1/bulk-actions/[id]/resume/route";
import { POST as retryFailed } from "../../app/api/v1/bulk-actions/[id]/retry-failed/route";
import { POST as hold } from "../../app/api/v1/incidents/[slug]/accounts/[accountId]/holds/route";
import { POST as reset } from "../../app/api/v1/incidents/[slug]/accounts/[accountId]/reset/route";
import { POST as preview } from "../../app/api/v1/incidents/[slug]/bulk-actions/preview/route";
import { POST as requestBulk } from "../../app/api/v1/incidents/[slug]/bulk-actions/route";
import { POST as release } from "../../app/api/v1/incidents/[slug]/holds/[holdId]/release/route";
import { type Role } from "../../lib/auth/permissions";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest, type SignedInTestUser } from "../../test/route-test-stubs";
import { resetEnvCache } from "../env";
import { AppError } from "../errors";
import { createTestIncident } from "../timeline/test-fixtures";
import { drainWork } from "../workers/work";
import { runSingleAction } from "./single-action";
import { createExposedAccounts, createRemediationFixture, type RemediationFixture } from "./test-fixtures";

// The remediation route handlers end to end below the session: the session is
// the one thing stubbed (it needs a browser cookie); the database is real.
// Who is signed in and the database: routeTest (test/route-test-stubs.ts).
const current: { stepUpStale?: boolean } = {};

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

// Step-up stubbed too: its own tests are server/auth/second-factor.int.test.ts.
vi.mock(import("../auth/step-up"), async (importOriginal) => ({
  ...(await importOriginal()),
  requireRecentSecondFactor: async () => {
    if (current.stepUpStale) throw new AppError("STEP_UP_REQUIRED", "Confirm it is you.");
  },
}));

vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
}));

type Json = {
  error?: { code: string; message: string; fields?: Record<string, string> };
  action?: { bulkActionId: string; kind: string; accountId: string; status: string; holdId?: string };
  hold?: { id: string; expiresAt: string | null };
  bulkAction?: Record<string, unknown> & { id: string; status: string; kind: string };
  preview?: Record<string, unknown>;
  cancelledItems?: number;
};

type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;

let keys = 0;

async function call<P>(
  handler: Handler<P>,
  params: P,
  options: { body?: unknown; key?: string | null; method?: string } = {},
): Promise<{ status: number; headers: Headers; json: Json }> {
  const headers = new Headers({ "content-type": "application/json" });
  const key = options.key === undefined ? `key-${++keys}` : options.key;
  if (key !== null) headers.set("Idempotency-Key", key);
  const method = options.method ?? "POST";
  const request = new Request("http://localhost/api/v1/test", {
    method,
    headers,
    body: method === "GET" || options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, headers: response.headers, json: (await response.json()) as Json };
}

describe.each(testDbKinds())("remediation API routes on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  let staff: Record<Role, SignedInTestUser>;
  // The exchange's ids of the exposed accounts, in risk order, by tier.
  let high: string[];
  let critical: string[];

  async function signIn(role: Role | "requester" | "approver") {
    if (role === "requester") routeTest.user = { ...f.requester, role: "security_analyst" };
    else if (role === "approver") routeTest.user = { ...f.approver, role: "security_analyst" };
    else routeTest.user = staff[role];
  }

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "100");
    vi.stubEnv("BREACHDESK_WORK_BATCH_SIZE", "50");
    resetEnvCache();
    db = await openTestDb(kind);
    routeTest.db = db;
    f = await createRemediationFixture(db, 150, { unmatched: 3 });
    const rows = await db.sql.query<{ external_id: string; risk_tier: string }>(
      `SELECT a.external_id, t.risk_tier::text FROM triage_entries t JOIN customer_accounts a ON a.id = t.account_id
        WHERE t.incident_id = $1::uuid ORDER BY t.risk_sort DESC, t.id DESC`,
      [f.incident.id],
    );
    high = rows.filter((r) => r.risk_tier === "high").map((r) => r.external_id);
    critical = rows.filter((r) => r.risk_tier === "critical").map((r) => r.external_id);
    const make = async (role: Role): Promise<SignedInTestUser> => {
      const user = await db.prisma.staffUser.create({
        data: { email: `${role}@routes.test`, name: role, role, passwordHash: "not-a-real-hash" },
      });
      return { id: user.id, email: user.email, name: user.name, role };
    };
    staff = {
      admin: await make("admin"),
      security_analyst: await make("security_analyst"),
      support_agent: await make("support_agent"),
      manager: await make("manager"),
    };
  });
  afterAll(async () => {
    routeTest.db = null;
    routeTest.user = null;
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  const slug = () => f.incident.slug;
  /** The preview's digest of a selection, as a request must send it back. */
  const previewDigest = async (selection: Record<string, unknown>) =>
    (await call(preview, { slug: slug() }, { body: selection, key: null })).json.preview!.digest as string;
  const highAccount = () => high[0]!;

  it("resets one account by the exchange's id; a retry with the same key replays, another body is 422", async () => {
    await signIn("support_agent");
    const params = { slug: slug(), accountId: highAccount() };
    const first = await call(reset, params, { key: "reset-1", body: { reason: "Exposed in the leak" } });
    expect(first.status).toBe(201);
    expect(first.headers.get("Cache-Control")).toBe("no-store");
    expect(first.json.action).toMatchObject({ kind: "reset", accountId: highAccount(), status: "succeeded" });
    const again = await call(reset, params, { key: "reset-1", body: { reason: "Exposed in the leak" } });
    expect(again.status).toBe(201);
    expect(again.headers.get("Idempotent-Replayed")).toBe("true");
    expect(again.json).toEqual(first.json);
    expect(await db.prisma.bulkAction.count({ where: { incidentId: f.incident.id, origin: "single" } })).toBe(1);
    const reused = await call(reset, params, { key: "reset-1", body: { reason: "Another reason" } });
    expect(reused.status).toBe(422);
    expect(reused.json.error?.code).toBe("IDEMPOTENCY_KEY_REUSED");
    // Without a key, a second reset finds nothing to do (already forced).
    const repeat = await call(reset, params, { key: null, body: { reason: "Exposed in the leak" } });
    expect(repeat.status).toBe(422);
    expect(repeat.json.error?.message).toMatch(/password reset already forced/);
  });

  it("answers 404 for an account id unknown or not exposed in the incident, 422 for a bad body", async () => {
    await signIn("support_agent");
    const other = await createTestIncident(db);
    await createExposedAccounts(db.sql, other.id, 2, { prefix: "elsewhere" });
    for (const accountId of ["no-such-account", "elsewhere-1"]) {
      const response = await call(reset, { slug: slug(), accountId }, { body: { reason: "Exposed" } });
      expect(response.status).toBe(404);
      expect(response.json.error?.code).toBe("NOT_FOUND");
    }
    const unknownIncident = await call(
      reset,
      { slug: "no-such-incident", accountId: highAccount() },
      { body: { reason: "Exposed" } },
    );
    expect(unknownIncident.status).toBe(404);
    const bad = await call(reset, { slug: slug(), accountId: highAccount() }, { body: { reason: "" } });
    expect(bad.status).toBe(422);
    expect(bad.json.error).toMatchObject({ code: "VALIDATION", fields: { reason: expect.any(String) } });
    const notJson = await reset(new Request("http://localhost/x", { method: "POST", body: "{not json" }), {
      params: Promise.resolve({ slug: slug(), accountId: highAccount() }),
    });
    expect(notJson.status).toBe(422);
    const longKey = await call(
      reset,
      { slug: slug(), accountId: highAccount() },
      { key: "k".repeat(256), body: { reason: "Exposed" } },
    );
    expect(longKey.status).toBe(422);
    expect(longKey.json.error?.fields).toHaveProperty("Idempotency-Key");
  });

  it("checks each route's permission: managers change nothing, analysts cannot act on one account", async () => {
    const params = { slug: slug(), accountId: high[1]! };
    await signIn("manager");
    expect((await call(reset, params, { body: { reason: "Exposed" } })).status).toBe(403);
    expect((await call(hold, params, { body: { reason: "Exposed" } })).status).toBe(403);
    expect(
      (await call(requestBulk, { slug: slug() }, { body: { kind: "reset", filter: "", reason: "Exposed" } })).status,
    ).toBe(403);
    expect((await call(preview, { slug: slug() }, { body: { kind: "reset", filter: "" } })).status).toBe(403);
    await signIn("security_analyst");
    expect((await call(reset, params, { body: { reason: "Exposed" } })).status).toBe(403);
    expect((await call(hold, params, { body: { reason: "Exposed" } })).status).toBe(403);
    routeTest.user = null;
    expect((await call(reset, params, { body: { reason: "Exposed" } })).status).toBe(401);
  });

  it("places a hold, names it, and releases it by its id; a critical account needs the confirmation", async () => {
    await signIn("support_agent");
    const accountId = high[2]!;
    const placed = await call(
      hold,
      { slug: slug(), accountId },
      { body: { reason: "Password changed after T0", holdHours: 48 } },
    );
    expect(placed.status).toBe(201);
    expect(placed.json.action).toMatchObject({ kind: "hold", status: "succeeded" });
    const holdId = placed.json.hold!.id;
    expect(placed.json.hold!.expiresAt).not.toBeNull();
    const released = await call(
      release,
      { slug: slug(), holdId },
      { body: { releaseCode: "verified_with_customer", note: "Called the customer" } },
    );
    expect(released.status).toBe(201);
    expect(released.json.action).toMatchObject({ kind: "release", accountId, holdId, status: "succeeded" });
    const twice = await call(release, { slug: slug(), holdId }, { body: { releaseCode: "other", note: "Again" } });
    expect(twice.status).toBe(409);
    expect(
      (await call(release, { slug: slug(), holdId: "not-a-uuid" }, { body: { releaseCode: "other", note: "x y z" } }))
        .status,
    ).toBe(404);

    const criticalAccount = critical[0]!;
    const criticalHold = await call(
      hold,
      { slug: slug(), accountId: criticalAccount },
      { body: { reason: "Password changed" } },
    );
    const criticalHoldId = criticalHold.json.hold!.id;
    const unconfirmed = await call(
      release,
      { slug: slug(), holdId: criticalHoldId },
      { body: { releaseCode: "false_positive", note: "Customer changed it" } },
    );
    expect(unconfirmed.status).toBe(422);
    expect(unconfirmed.json.error?.fields).toHaveProperty("confirmCritical");
    const confirmed = await call(
      release,
      { slug: slug(), holdId: criticalHoldId },
      { body: { releaseCode: "false_positive", note: "Customer changed it", confirmCritical: true } },
    );
    expect(confirmed.status).toBe(201);
  });

  it("previews and requests a bulk reset from a filter; four eyes; GET shows the counts to the end", async () => {
    await signIn("requester");
    const body = { kind: "reset", filter: "?tier=high", reason: "Exposed in the leak" };
    const dryRun = await call(preview, { slug: slug() }, { body, key: null });
    expect(dryRun.status).toBe(200);
    expect(dryRun.json.preview).toMatchObject({
      kind: "reset",
      needsApproval: true,
      skipped: { reset_already_done: 1 },
    });
    const eligible = dryRun.json.preview!.eligible as number;
    const digest = dryRun.json.preview!.digest as string;
    expect(eligible).toBeGreaterThan(100);
    expect(digest).toMatch(/^[0-9a-f]{64}$/);

    const created = await call(
      requestBulk,
      { slug: slug() },
      { key: "bulk-1", body: { ...body, expectedCount: eligible, expectedDigest: digest } },
    );
    expect(created.status).toBe(201);
    const bulk = created.json.bulkAction!;
    expect(bulk).toMatchObject({
      kind: "reset",
      status: "pending_approval",
      total: eligible,
      remaining: eligible,
      needsApproval: true,
      incidentSlug: slug(),
      requestedBy: { id: f.requester.id, email: f.requester.email, name: f.requester.name },
      decidedBy: null,
      skippedAtRequest: { reset_already_done: 1 },
    });
    const replay = await call(
      requestBulk,
      { slug: slug() },
      { key: "bulk-1", body: { ...body, expectedCount: eligible, expectedDigest: digest } },
    );
    expect(replay.headers.get("Idempotent-Replayed")).toBe("true");
    expect(replay.json.bulkAction!.id).toBe(bulk.id);

    // Nobody approves their own request, whatever their role; managers approve nothing.
    const own = await call(approve, { id: bulk.id }, { body: { note: "fine" } });
    expect(own.status).toBe(403);
    await signIn("support_agent");
    expect((await call(approve, { id: bulk.id }, { body: {} })).status).toBe(403);
    await signIn("manager");
    expect((await call(approve, { id: bulk.id }, { body: {} })).status).toBe(403);
    const seen = await call(getBulk, { id: bulk.id }, { method: "GET", key: null });
    expect(seen.status).toBe(200);
    expect(seen.headers.get("Cache-Control")).toBe("no-store");
    expect(seen.json.bulkAction!.status).toBe("pending_approval");

    await signIn("approver");
    // A stale second factor: refused with 403 STEP_UP_REQUIRED, and the refusal is not replayed to the retry.
    current.stepUpStale = true;
    const stale = await call(approve, { id: bulk.id }, { key: "approve-1", body: { note: "Checked the filter" } });
    expect(stale.status).toBe(403);
    expect(stale.json.error?.code).toBe("STEP_UP_REQUIRED");
    current.stepUpStale = false;
    const approved = await call(approve, { id: bulk.id }, { key: "approve-1", body: { note: "Checked the filter" } });
    expect(approved.status).toBe(200);
    expect(approved.json.bulkAction).toMatchObject({
      status: "running",
      decidedBy: { id: f.approver.id },
      decisionNote: "Checked the filter",
    });
    expect(approved.json.bulkAction!.startedAt).not.toBeNull();

    await drainWork(db);
    const done = await call(getBulk, { id: bulk.id }, { method: "GET", key: null });
    expect(done.json.bulkAction).toMatchObject({ status: "completed", succeeded: eligible, remaining: 0, failed: 0 });
    expect(done.json.bulkAction!.finishedAt).not.toBeNull();
  });

  it("bulk by account ids: not together with a filter; pause, resume, cancel; reject needs a reason", async () => {
    await signIn("requester");
    const both = await call(
      requestBulk,
      { slug: slug() },
      {
        body: { kind: "hold", filter: "tier=high", accountIds: [high[5]], reason: "Changed after T0", expectedDigest: "0".repeat(64) },
      },
    );
    expect(both.status).toBe(422);
    expect(both.json.error?.fields).toHaveProperty("filter");
    const neither = await call(requestBulk, { slug: slug() }, { body: { kind: "hold", reason: "Changed after T0", expectedDigest: "0".repeat(64) } });
    expect(neither.status).toBe(422);

    const ids = high.slice(10, 70);
    const selection = { kind: "hold", filter: "", accountIds: [...ids, "not-exposed-anywhere"] };
    const created = await call(
      requestBulk,
      { slug: slug() },
      {
        body: {
          ...selection,
          reason: "Changed after T0",
          holdHours: 24,
          expectedDigest: await previewDigest(selection),
        },
      },
    );
    expect(created.status).toBe(201);
    const bulk = created.json.bulkAction!;
    expect(bulk).toMatchObject({ kind: "hold", status: "running", total: 60, holdHours: 24, needsApproval: false });
    expect(bulk.skippedAtRequest).toEqual({ not_in_incident: 1 });

    const paused = await call(pause, { id: bulk.id });
    expect(paused.status).toBe(200);
    expect(paused.json.bulkAction!.status).toBe("paused");
    expect((await call(pause, { id: bulk.id })).status).toBe(409);
    expect((await call(pause, { id: bulk.id }, { body: { unexpected: true } })).status).toBe(422);
    const resumed = await call(resume, { id: bulk.id });
    expect(resumed.json.bulkAction!.status).toBe("running");
    const cancelled = await call(cancel, { id: bulk.id });
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toMatchObject({ bulkAction: { status: "cancelled", cancelled: 60 }, cancelledItems: 60 });
    const retry = await call(retryFailed, { id: bulk.id });
    expect(retry.status).toBe(409);

    const pending = await call(
      requestBulk,
      { slug: slug() },
      {
        body: {
          kind: "hold",
          filter: "tier=high",
          reason: "Changed after T0",
          expectedDigest: await previewDigest({ kind: "hold", filter: "tier=high" }),
        },
      },
    );
    expect(pending.json.bulkAction!.status).toBe("pending_approval");
    await signIn("approver");
    const noReason = await call(reject, { id: pending.json.bulkAction!.id }, { body: {} });
    expect(noReason.status).toBe(422);
    expect(noReason.json.error?.fields).toHaveProperty("reason");
    const rejected = await call(reject, { id: pending.json.bulkAction!.id }, { body: { reason: "Too broad" } });
    expect(rejected.json.bulkAction).toMatchObject({ status: "rejected", decisionNote: "Too broad" });
  });

  it("GET answers 404 for an unknown or malformed id", async () => {
    await signIn("manager");
    expect((await call(getBulk, { id: "nope" }, { method: "GET", key: null })).status).toBe(404);
    const unknown = await call(getBulk, { id: "00000000-0000-4000-8000-000000000000" }, { method: "GET", key: null });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error?.code).toBe("NOT_FOUND");
  });

  it("refuses a bulk request without the preview's digest (422) or with another one (409)", async () => {
    await signIn("requester");
    const selection = { kind: "reset", accountIds: critical.slice(0, 3) };
    const missing = await call(requestBulk, { slug: slug() }, { body: { ...selection, reason: "Exposed in the leak" } });
    expect(missing.status).toBe(422);
    expect(missing.json.error?.fields).toHaveProperty("expectedDigest");
    const other = await previewDigest({ kind: "reset", accountIds: critical.slice(0, 2) });
    const wrong = await call(requestBulk, { slug: slug() }, { body: { ...selection, reason: "Exposed in the leak", expectedDigest: other } });
    expect(wrong.status).toBe(409);
    expect(wrong.json.error?.message).toMatch(/selection changed since the preview/);
  });

  it("names the token a bulk request came through; the token's creator cannot approve it", async () => {
    const token = await db.prisma.apiToken.create({
      data: { name: "shared-runbook", tokenHash: "hash-shared-runbook", prefix: "bd_test", scopes: [], createdById: f.approver.id, role: "security_analyst", expiresAt: new Date(Date.now() + 86_400_000) },
    });
    const viaToken = { ...f.approver, role: "security_analyst" as const, tokenId: token.id };
    routeTest.user = viaToken;
    const selection = { kind: "hold", filter: "tier=critical" };
    const created = await call(requestBulk, { slug: slug() }, {
      body: { ...selection, reason: "Scripted", holdHours: 24, expectedDigest: await previewDigest(selection) },
    });
    expect(created.status).toBe(201);
    const bulk = created.json.bulkAction!;
    expect(bulk).toMatchObject({ requestedBy: { id: f.approver.id }, requestedViaToken: { id: token.id, name: "shared-runbook" } });
    await signIn("approver");
    const own = await call(approve, { id: bulk.id }, { body: {} });
    expect(own.status).toBe(403);
    expect(own.json.error?.message).toMatch(/requested with an API token you created/);
  });

  it("previews a bulk hold by earlier state: a verified release is left out unless included on purpose", async () => {
    const incident = await createTestIncident(db);
    await createExposedAccounts(db.sql, incident.id, 4, { prefix: "verified-api" });
    const [account] = await db.sql.query<{ account_id: number }>(
      `SELECT account_id FROM triage_entries WHERE incident_id = $1::uuid ORDER BY account_id LIMIT 1`,
      [incident.id],
    );
    const accountId = Number(account!.account_id);
    await runSingleAction(db, incident, accountId, { kind: "withdrawal_hold", reason: "Changed after T0" }, f.requester, {
      at: new Date(Date.now() - 48 * 3_600_000),
    });
    await runSingleAction(
      db,
      incident,
      accountId,
      { kind: "hold_release", releaseCode: "verified_with_customer", reason: "Phone check", confirmCritical: true },
      f.approver,
      { at: new Date(Date.now() - 47 * 3_600_000) },
    );
    await signIn("requester");
    const left = await call(preview, { slug: incident.slug }, { body: { kind: "hold", filter: "" }, key: null });
    expect(left.status).toBe(200);
    expect(left.json.preview).toMatchObject({
      eligible: 3,
      skipped: { verified_release: 1 },
      includeVerified: false,
      priorHoldStates: { never_held: 3 },
    });
    const included = await call(preview, { slug: incident.slug }, { body: { kind: "hold", filter: "", includeVerified: true }, key: null });
    expect(included.json.preview).toMatchObject({ eligible: 4, skipped: {}, priorHoldStates: { never_held: 3, verified_included: 1 } });
  });
});
