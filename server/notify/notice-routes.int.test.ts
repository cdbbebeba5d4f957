import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { POST as approve } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/approve/route";
import { POST as cancel } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/cancel/route";
import { POST as reject } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/reject/route";
import { GET as getCampaign } from "../../app/api/v1/incidents/[slug]/notices/[campaignId]/route";
import { POST as requestNotice } from "../../app/api/v1/incidents/[slug]/notices/route";
import { can, type Permission, type Role } from "../../lib/auth/permissions";
import { DEFAULT_NOTICE_TEMPLATE } from "../../lib/notify/render-notice";
import { openTestDb, testDbKinds, type TestDb } from "../../test/db";
import { resetEnvCache } from "../env";
import { AppError } from "../errors";
import { createRemediationFixture, type RemediationFixture } from "../remediation/test-fixtures";
import { saveNoticeTemplate } from "./save-notice-template";

// The notice route handlers below the session (stubbed: it needs a cookie);
// the database is real. Four eyes and permissions through the API.
type SignedIn = { id: string; email: string; name: string; role: Role };
const current: { db: TestDb | null; user: SignedIn | null } = { db: null, user: null };

vi.mock(import("../db"), async (importOriginal) => ({
  ...(await importOriginal()),
  getDb: async () => {
    if (!current.db) throw new Error("no test database");
    return current.db;
  },
}));

vi.mock("../auth/session", () => ({
  authorize: async (permission: Permission) => {
    if (!current.user) throw new AppError("UNAUTHENTICATED", "Your session has ended. Please sign in again.");
    if (!can(current.user.role, permission)) throw new AppError("FORBIDDEN", "Your role does not allow this action.");
    return current.user;
  },
}));

type Json = { error?: { code: string }; campaign?: { id: string; status: string; total: number; templateVersion: number; decidedBy: string | null } };
type Handler<P> = (request: Request, context: { params: Promise<P> }) => Promise<Response>;
let keys = 0;

async function call<P>(handler: Handler<P>, params: P, body?: unknown, method = "POST") {
  const headers = new Headers({ "content-type": "application/json", "Idempotency-Key": `key-${++keys}` });
  const request = new Request("http://localhost/api/v1/test", { method, headers, body: method === "GET" ? undefined : JSON.stringify(body ?? {}) });
  const response = await handler(request, { params: Promise.resolve(params) });
  return { status: response.status, json: (await response.json()) as Json };
}

describe.each(testDbKinds())("notice API routes on %s", (kind) => {
  let db: TestDb;
  let f: RemediationFixture;
  let templateId: string;
  const as = (user: { id: string; email: string; name: string }, role: Role) => {
    current.user = { ...user, role };
  };

  beforeAll(async () => {
    vi.stubEnv("BREACHDESK_APPROVAL_THRESHOLD", "5");
    vi.stubEnv("BREACHDESK_SMTP_HOST", "");
    resetEnvCache();
    db = await openTestDb(kind);
    current.db = db;
    f = await createRemediationFixture(db, 12);
    templateId = (await saveNoticeTemplate(db, f.incident.id, DEFAULT_NOTICE_TEMPLATE, f.requester)).id;
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    resetEnvCache();
    current.db = null;
    await db.cleanup();
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
    expect((await call(getCampaign, { slug, campaignId }, undefined, "GET")).json.campaign?.status).toBe("pending_approval");
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
});
