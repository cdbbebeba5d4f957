import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as approve } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/approve/route";
import { POST as cancel } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/cancel/route";
import { POST as reject } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/reject/route";
import { GET as getCampaign } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/route";
import { POST as requestNotice } from "../../app/api/v1/incidents/[slug]/notices/route";
import { type Role } from "../../lib/auth/permissions";
import { DEFAULT_NOTICE_TEMPLATE } from "../../lib/notify/render-notice";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { routeTest } from "../../test/route-test-stubs";
import { createRoleToken } from "../auth/create-role-token";
import { createStaffSession } from "../auth/staff-session";
import { resetEnvCache } from "../env";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { saveNoticeTemplate } from "./save-notice-template";

// The notice route handlers below the session (stubbed: it needs a cookie);
// the database is real, and so is each sign-in's record (staff_sessions),
// which step-up reads. Four eyes, step-up and permissions through the API.
// Who is signed in and the database: routeTest (test/route-test-stubs.ts).
const current: { sessionId: string | null; headers: Headers } = {
  sessionId: null,
  headers: new Headers(),
};

// The request's headers as next/headers gives them to requireRecentSecondFactor.
vi.mock("next/headers", () => ({ headers: async () => current.headers }));

vi.mock(import("../db"), async (importOriginal) =>
  (await import("../../test/route-test-stubs")).withTestDb(await importOriginal()),
);

vi.mock("../auth/session", async () => ({
  authorize: (await import("../../test/route-test-stubs")).authorizeTestUser,
  getSignInState: async () =>
    routeTest.user && current.sessionId
      ? {
          kind: "signed_in",
          user: routeTest.user,
          session: { id: current.sessionId, method: "password", secondFactorAt: null },
        }
      : { kind: "signed_out" },
}));

type Json = {
  error?: { code: string };
  campaign?: { id: string; status: string; total: number; templateVersion: number; decidedBy: string | null };
};
type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
let keys = 0;

async function call<P>(
  handler: Handler<P>,
  params: P,
  body?: unknown,
  method = "POST",
  extra: { key?: string; authorization?: string } = {},
) {
  const headers = new Headers({ "content-type": "application/json", "Idempotency-Key": extra.key ?? `key-${++keys}` });
  if (extra.authorization) headers.set("authorization", extra.authorization);
  current.headers = headers;
  const request = new Request("http://localhost/api/v1/test", {
    method,
    headers,
    body: method === "GET" ? undefined : JSON.stringify(body ?? {}),
  });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, json: (await response.json()) as Json };
}

describe.each(testDbKinds())("notice API routes on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  let templateId: string;
  // Each person's sign-in, second factor given just now.
  const sessions = new Map<string, string>();
  const as = (user: { id: string; email: string; name: string }, role: Role) => {
    routeTest.user = { ...user, role };
    current.sessionId = sessions.get(user.id) ?? null;
  };
  const secondFactorGiven = (userId: string, secondsAgo: number) =>
    db.sql.run(`UPDATE staff_sessions SET second_factor_at = now() - make_interval(secs => $2) WHERE id = $1::uuid`, [
      sessions.get(userId),
      secondsAgo,
    ]);

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "5");
    vi.stubEnv("BREACHDESK_SMTP_HOST", "");
    resetEnvCache();
    db = await openTestDb(kind);
    routeTest.db = db;
    f = await createRemediationFixture(db, 12);
    templateId = (await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester)).id;
    for (const person of [f.requester, f.approver]) {
      const session = await createStaffSession(db, {
        staffUserId: person.id,
        method: "password",
        secondFactorAt: new Date(),
        maxAgeSeconds: 8 * 3600,
      });
      sessions.set(person.id, session);
    }
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvCache();
    routeTest.db = null;
    await db?.cleanup();
  });

  it("requests, refuses the requester's own approval and other roles, approves with a second analyst, and reports it", async () => {
    const slug = f.incident.slug;
    as(f.requester, "support_agent");
    expect((await call(requestNotice, { slug }, { templateId, audience: "" })).status).toBe(403);
    as(f.requester, "security_analyst");
    const requested = await call(requestNotice, { slug }, { templateId, audience: "", expectedCount: 12 });
    expect(requested.status).toBe(201);
    expect(requested.json.campaign).toMatchObject({ status: "pending_approval", total: 12, templateVersion: 1 });
    const campaignId = requested.json.campaign!.id;
    expect((await call(approve, { slug, campaignId })).json.error?.code).toBe("FORBIDDEN");
    as(f.approver, "manager");
    expect((await call(approve, { slug, campaignId })).status).toBe(403);
    expect((await call(getCampaign, { slug, campaignId }, undefined, "GET")).json.campaign?.status).toBe(
      "pending_approval",
    );
    as(f.approver, "security_analyst");
    const approved = await call(approve, { slug, campaignId }, { note: "Wording checked" });
    expect(approved.status).toBe(200);
    expect(approved.json.campaign).toMatchObject({ status: "running", decidedBy: f.approver.email });
    expect((await call(reject, { slug, campaignId }, { reason: "Too late" })).json.error?.code).toBe("CONFLICT");
    const cancelled = await call(cancel, { slug, campaignId });
    expect(cancelled.json.campaign?.status).toBe("cancelled");
    expect((await call(getCampaign, { slug: "no-such-incident", campaignId }, undefined, "GET")).status).toBe(404);
    expect((await call(getCampaign, { slug, campaignId: "not-a-uuid" }, undefined, "GET")).status).toBe(404);
  });

  it("step-up: a stale second factor is 403 STEP_UP_REQUIRED (not stored against the key); an API token is refused", async () => {
    const slug = f.incident.slug;
    as(f.requester, "security_analyst");
    const requested = await call(requestNotice, { slug }, { templateId, audience: "", expectedCount: 12 });
    expect(requested.json.campaign?.status).toBe("pending_approval");
    const campaignId = requested.json.campaign!.id;

    // The approver's last second factor is older than the window (300 s).
    await secondFactorGiven(f.approver.id, 3600);
    as(f.approver, "security_analyst");
    const stale = await call(approve, { slug, campaignId }, { note: "Checked" }, "POST", { key: "approve-once" });
    expect(stale.status).toBe(403);
    expect(stale.json.error?.code).toBe("STEP_UP_REQUIRED");
    expect((await call(getCampaign, { slug, campaignId }, undefined, "GET")).json.campaign?.status).toBe(
      "pending_approval",
    );

    // An API token has no second factor to give: refused, whoever made it.
    const token = await createRoleToken(
      db,
      { name: "SOAR", role: "security_analyst", expiresInDays: 1 },
      { ...f.approver, role: "security_analyst" },
    );
    const byToken = await call(approve, { slug, campaignId }, {}, "POST", { authorization: `Bearer ${token.token}` });
    expect(byToken.status).toBe(403);
    expect(byToken.json.error?.code).toBe("FORBIDDEN");
    expect((await call(getCampaign, { slug, campaignId }, undefined, "GET")).json.campaign?.status).toBe(
      "pending_approval",
    );
    expect(
      await db.prisma.auditLog.count({ where: { action: "notice_campaign.approved", targetId: campaignId } }),
    ).toBe(0);

    // Stepped up in the app: the same request with the same key now runs (the refusal was not replayed).
    await secondFactorGiven(f.approver.id, 0);
    const approved = await call(approve, { slug, campaignId }, { note: "Checked" }, "POST", { key: "approve-once" });
    expect(approved.status).toBe(200);
    expect(approved.json.campaign).toMatchObject({ status: "running", decidedBy: f.approver.email });
  });
});
