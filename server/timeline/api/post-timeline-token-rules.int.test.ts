import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { openTestDb, testDbKinds, type TestDb } from "../../../test/db";
import { resetEnvCache } from "../../env";
import { changeStaffRole } from "../../staff/change-staff-role";
import { setStaffActive } from "../../staff/set-staff-active";
import { createApiToken, type CreateApiTokenInput } from "../api-tokens/create-api-token";
import { createTestIncident, createTestStaff } from "../test-fixtures";
import { postTimelineEventFromApi } from "./post-timeline-event";

// Timeline-only tokens go through the same way in as role tokens: they
// expire, need an active creator whose current role may write the timeline,
// share the rate limit, and set milestones (which stop obligation clocks)
// only with a scope of their own.

type Json = { event?: Record<string, unknown>; error?: { code: string; message: string } };

describe.each(testDbKinds())("timeline tokens' rules on %s", (kind) => {
  let db: TestDb;
  let incident: Awaited<ReturnType<typeof createTestIncident>>;
  let admin: { id: string; email: string };

  const event = (title: string, milestone?: string) => ({
    occurredAt: "2019-11-08T10:00:00Z",
    category: "communication",
    title,
    ...(milestone ? { milestone } : {}),
  });

  async function post(token: string, body: unknown) {
    const result = await postTimelineEventFromApi(db, {
      slug: incident.slug,
      authorization: `Bearer ${token}`,
      idempotencyKey: null,
      rawBody: JSON.stringify(body),
    });
    return { ...result, json: result.body as Json };
  }

  /** A token made by a staff member of its own (an analyst: timeline.write), so that demoting them touches nothing else. */
  async function tokenOfNewStaff(input: Partial<CreateApiTokenInput> = {}, options: { now?: Date } = {}) {
    const creator = await createTestStaff(db, "Tess Token");
    const created = await createApiToken(
      db,
      { name: "SIEM", incidentId: incident.id, ...input },
      { id: creator.id, email: creator.email },
      options,
    );
    return { creator, token: created.token, id: created.record.id };
  }

  beforeAll(async () => {
    // Two requests at once, then (practically) never again.
    vi.stubEnv("BREACHDESK_API_RATE_PER_SECOND", "0.001");
    vi.stubEnv("BREACHDESK_API_RATE_BURST", "2");
    resetEnvCache();
    db = await openTestDb(kind);
    incident = await createTestIncident(db);
    const user = await db.prisma.staffUser.create({
      data: { email: `admin-${Math.random().toString(36).slice(2)}@breachdesk.test`, name: "Ada", role: "admin", passwordHash: "x" },
    });
    admin = { id: user.id, email: user.email };
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });

  it("gets an expiry when made (90 days unless asked), and is refused once it has passed", async () => {
    const fresh = await tokenOfNewStaff();
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: fresh.id } });
    const days = (row.expiresAt.getTime() - row.createdAt.getTime()) / 86_400_000;
    expect(Math.round(days)).toBe(90);

    const old = await tokenOfNewStaff({ expiresInDays: 1 }, { now: new Date(Date.now() - 2 * 86_400_000) });
    const response = await post(old.token, event("Too late"));
    expect(response.status).toBe(401);
    expect(response.json.error).toMatchObject({ code: "UNAUTHENTICATED", message: "This API token has expired." });
    expect(await db.prisma.timelineEvent.count({ where: { apiTokenId: old.id } })).toBe(0);
  });

  it("shares the API's rate limit: past its burst, 429 with Retry-After", async () => {
    const { token, id } = await tokenOfNewStaff();
    expect((await post(token, event("One"))).status).toBe(201);
    expect((await post(token, event("Two"))).status).toBe(201);
    const refused = await post(token, event("Three"));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers?.["Retry-After"])).toBeGreaterThanOrEqual(1);
    expect(await db.prisma.timelineEvent.count({ where: { apiTokenId: id } })).toBe(2);
  });

  it("stops working when its creator is deactivated (and is revoked, audited)", async () => {
    const { creator, token, id } = await tokenOfNewStaff();
    await setStaffActive(db, { userId: creator.id, active: false }, admin);
    const response = await post(token, event("After leaving"));
    expect(response.status).toBe(401);
    expect((await db.prisma.apiToken.findUniqueOrThrow({ where: { id } })).revokedAt).not.toBeNull();
    expect(await db.prisma.auditLog.count({ where: { action: "api_token.revoked", targetId: id } })).toBe(1);
  });

  it("stops writing when its creator's role no longer may (demoted to manager), and writes again when it may", async () => {
    const { creator, token } = await tokenOfNewStaff();
    const demotion = await changeStaffRole(db, { userId: creator.id, role: "manager" }, admin);
    expect(demotion.narrowedApiTokens).toBe(1);
    const response = await post(token, event("As a manager"));
    expect(response.status).toBe(403);
    expect(response.json.error?.message).toBe("The role of this token's creator no longer allows this action.");
    await changeStaffRole(db, { userId: creator.id, role: "security_analyst" }, admin);
    expect((await post(token, event("As an analyst again"))).status).toBe(201);
  });

  it("sets a milestone that stops an obligation's clock only with the milestones scope", async () => {
    const plain = await tokenOfNewStaff();
    const refused = await post(plain.token, event("Filed with the ICO", "regulator_notified"));
    expect(refused.status).toBe(403);
    expect(refused.json.error?.message).toBe("This token does not have the timeline.milestones scope.");
    expect(await db.prisma.timelineEvent.count({ where: { incidentId: incident.id, milestone: "regulator_notified" } })).toBe(0);
    // A plain event with the same token is fine.
    expect((await post(plain.token, event("Drafted the ICO form"))).status).toBe(201);

    const allowed = await tokenOfNewStaff({ scopes: ["timeline.write", "timeline.milestones"] });
    const created = await post(allowed.token, event("Filed with the ICO", "regulator_notified"));
    expect(created.status).toBe(201);
    expect(created.json.event).toMatchObject({ milestone: "regulator_notified", source: "api" });
    // What the token did is audited with its id.
    const audit = await db.prisma.auditLog.findFirstOrThrow({
      where: { action: "timeline.event_recorded", targetId: String(created.json.event!.id) },
    });
    expect(audit.detail).toMatchObject({ apiTokenId: allowed.id, milestone: "regulator_notified" });

    // The scope alone is not enough: its creator's role must still hold timeline.write.
    await changeStaffRole(db, { userId: allowed.creator.id, role: "support_agent" }, admin);
    expect((await post(allowed.token, event("Customers told", "customers_notified"))).status).toBe(403);
  });

  it("cannot be made to set milestones without posting events", async () => {
    await expect(
      createApiToken(db, { name: "Odd", scopes: ["timeline.milestones"] }, admin),
    ).rejects.toMatchObject({ code: "VALIDATION" });
  });
});
