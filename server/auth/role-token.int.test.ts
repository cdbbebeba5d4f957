import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { holds } from "../../lib/auth/permissions";
import { resetEnvCache } from "../env";
import { changeStaffRole } from "../staff/change-staff-role";
import { setStaffActive } from "../staff/set-staff-active";
import { authenticateApiToken } from "../timeline/api-tokens/authenticate-api-token";
import { createTestIncident } from "../timeline/test-fixtures";
import { createApiToken } from "../timeline/api-tokens/create-api-token";
import { revokeApiToken } from "../timeline/api-tokens/revoke-api-token";
import { authorizeRoleToken } from "./authenticate-role-token";
import { createRoleToken } from "./create-role-token";
import { assertTokenCoversRequest } from "./token-incident-scope";

// API tokens with a role: created within the creator's role,
// checked on every request against the same permission table as sessions,
// revocable, expiring, rate-limited, optionally bound to one incident.

describe.each(testDbKinds())("API tokens with a role on %s", (kind) => {
  let db: TestDb;
  let admin: { id: string; email: string; role: "admin" };

  beforeAll(async () => {
    // Two requests at once, then (practically) never again: the third is refused.
    vi.stubEnv("BREACHDESK_API_RATE_PER_SECOND", "0.001");
    vi.stubEnv("BREACHDESK_API_RATE_BURST", "2");
    resetEnvCache();
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
    vi.unstubAllEnvs();
    resetEnvCache();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    const user = await db.prisma.staffUser.create({
      data: { email: `admin-${Math.random().toString(36).slice(2)}@breachdesk.test`, name: "Ada", role: "admin", passwordHash: "x" },
    });
    admin = { id: user.id, email: user.email, role: "admin" };
  });

  const bearer = (token: string) => `Bearer ${token}`;
  // This file's rate limit lets two requests through: a test making more refills the bucket first.
  const refill = (id: string) => db.prisma.apiToken.update({ where: { id }, data: { rateTokens: null, rateCheckedAt: null } });

  it("acts with its role's permissions, on behalf of its creator, and is audited", async () => {
    const created = await createRoleToken(db, { name: "SOAR", role: "manager", expiresInDays: 30 }, admin);
    expect(created.token).toMatch(/^bd_/);
    const principal = await authorizeRoleToken(db, bearer(created.token), "incidents.read");
    expect(principal).toMatchObject({ id: admin.id, role: "manager", name: "SOAR (API token)", incidentId: null });
    await expect(authorizeRoleToken(db, bearer(created.token), "bulk.request")).rejects.toMatchObject({ code: "FORBIDDEN" });
    const stored = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(stored.tokenHash).not.toContain(created.token.slice(3));
    expect(stored.lastUsedAt).not.toBeNull();
    const [audited] = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM audit_log WHERE action = 'api_token.created' AND target_id = $1`,
      [created.id],
    );
    expect(Number(audited!.n)).toBe(1);
  });

  it("is never more than its creator's role", async () => {
    const analyst = { id: admin.id, email: admin.email, role: "security_analyst" as const };
    await expect(createRoleToken(db, { name: "Too much", role: "admin", expiresInDays: 1 }, analyst)).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
    await expect(createRoleToken(db, { name: "Fine", role: "manager", expiresInDays: 1 }, analyst)).resolves.toMatchObject({ role: "manager" });
  });

  it("stops working when revoked, when expired, or when its creator is deactivated", async () => {
    const revoked = await createRoleToken(db, { name: "Revoked", role: "admin", expiresInDays: 30 }, admin);
    await revokeApiToken(db, { tokenId: revoked.id }, admin);
    await expect(authorizeRoleToken(db, bearer(revoked.token), "incidents.read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });

    const old = await createRoleToken(db, { name: "Old", role: "admin", expiresInDays: 1 }, admin, { now: new Date(Date.now() - 2 * 86_400_000) });
    await expect(authorizeRoleToken(db, bearer(old.token), "incidents.read")).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
      message: "This API token has expired.",
    });

    const orphan = await createRoleToken(db, { name: "Orphan", role: "admin", expiresInDays: 30 }, admin);
    await db.prisma.staffUser.update({ where: { id: admin.id }, data: { active: false } });
    await expect(authorizeRoleToken(db, bearer(orphan.token), "incidents.read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("acts within its creator's current role: an admin's admin token after they are made a manager is a manager's", async () => {
    const other = await db.prisma.staffUser.create({
      data: { email: `other-${Math.random().toString(36).slice(2)}@breachdesk.test`, name: "Bo", role: "admin", passwordHash: "x" },
    });
    const created = await createRoleToken(db, { name: "Ops", role: "admin", expiresInDays: 30 }, admin);
    const before = await authorizeRoleToken(db, bearer(created.token), "staff.manage");
    expect(holds(before, "accounts.read_unmasked")).toBe(true);

    const demotion = await changeStaffRole(db, { userId: admin.id, role: "manager" }, { id: other.id, email: other.email });
    expect(demotion.narrowedApiTokens).toBe(1);
    const audit = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "staff.role_changed", targetId: admin.id } });
    expect(audit.detail).toMatchObject({ from: "admin", to: "manager", narrowedApiTokens: 1, narrowedApiTokenIds: [created.id] });

    // Staff listing and unmasked addresses are gone; what a manager may do remains.
    await refill(created.id);
    await expect(authorizeRoleToken(db, bearer(created.token), "staff.manage")).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: "The role of this token's creator no longer allows this action.",
    });
    await expect(authorizeRoleToken(db, bearer(created.token), "accounts.read_unmasked")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await refill(created.id);
    const after = await authorizeRoleToken(db, bearer(created.token), "accounts.read");
    expect(after).toMatchObject({ id: admin.id, role: "manager", tokenId: created.id });
    expect(holds(after, "accounts.read_unmasked")).toBe(false);
    expect([...after.permissions].sort()).toEqual(["accounts.read", "incidents.read", "reports.read", "timeline.read"]);

    // A promotion back gives the token its role again; nothing was stored on it.
    const promotion = await changeStaffRole(db, { userId: admin.id, role: "admin" }, { id: other.id, email: other.email });
    expect(promotion.narrowedApiTokens).toBe(0);
    await refill(created.id);
    await expect(authorizeRoleToken(db, bearer(created.token), "staff.manage")).resolves.toMatchObject({ role: "admin" });
  });

  it("of roles neither within the other, holds only what both allow", async () => {
    const agent = await db.prisma.staffUser.create({
      data: { email: `agent-${Math.random().toString(36).slice(2)}@breachdesk.test`, name: "Sam", role: "security_analyst", passwordHash: "x" },
    });
    const analyst = { id: agent.id, email: agent.email, role: "security_analyst" as const };
    const created = await createRoleToken(db, { name: "Triage bot", role: "security_analyst", expiresInDays: 30 }, analyst);
    await db.prisma.staffUser.update({ where: { id: agent.id }, data: { role: "support_agent" } });
    // Both roles may request bulk actions; only the analyst may approve, only the agent may reset.
    const principal = await authorizeRoleToken(db, bearer(created.token), "bulk.request");
    expect(holds(principal, "bulk.approve")).toBe(false);
    expect(holds(principal, "accounts.reset")).toBe(false);
    await expect(authorizeRoleToken(db, bearer(created.token), "bulk.approve")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await refill(created.id);
    await expect(authorizeRoleToken(db, bearer(created.token), "accounts.reset")).rejects.toMatchObject({ code: "FORBIDDEN" });
  });

  it("deactivating its creator revokes every token they made, of both kinds, audited; reactivation does not bring them back", async () => {
    const other = await db.prisma.staffUser.create({
      data: { email: `other-${Math.random().toString(36).slice(2)}@breachdesk.test`, name: "Bo", role: "admin", passwordHash: "x" },
    });
    const actor = { id: other.id, email: other.email };
    const role = await createRoleToken(db, { name: "Ops", role: "manager", expiresInDays: 30 }, admin);
    const timeline = await createApiToken(db, { name: "SIEM", incidentId: null }, { id: admin.id, email: admin.email });
    const result = await setStaffActive(db, { userId: admin.id, active: false }, actor);
    expect(result.revokedApiTokens).toBe(2);
    const rows = await db.prisma.apiToken.findMany({ where: { createdById: admin.id } });
    expect(rows.map((row) => row.revokedAt)).toEqual([expect.any(Date), expect.any(Date)]);
    const audits = await db.prisma.auditLog.findMany({ where: { action: "api_token.revoked", actorId: other.id } });
    expect(audits.map((a) => a.targetId).sort()).toEqual([role.id, timeline.record.id].sort());
    expect(audits[0]!.detail).toMatchObject({ reason: "creator_deactivated" });

    await setStaffActive(db, { userId: admin.id, active: true }, actor);
    await expect(authorizeRoleToken(db, bearer(role.token), "incidents.read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(authenticateApiToken(db, bearer(timeline.token))).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("refuses timeline-only tokens, unknown tokens and malformed headers", async () => {
    const { token } = await createApiToken(db, { name: "SIEM", incidentId: null }, { id: admin.id, email: admin.email });
    await expect(authorizeRoleToken(db, bearer(token), "incidents.read")).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(authorizeRoleToken(db, bearer(`bd_${"x".repeat(43)}`), "incidents.read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
    await expect(authorizeRoleToken(db, "Basic abc", "incidents.read")).rejects.toMatchObject({ code: "UNAUTHENTICATED" });
  });

  it("answers 429 with Retry-After past its rate", async () => {
    const created = await createRoleToken(db, { name: "Busy", role: "manager", expiresInDays: 30 }, admin);
    await authorizeRoleToken(db, bearer(created.token), "incidents.read");
    await authorizeRoleToken(db, bearer(created.token), "incidents.read");
    const refused = await authorizeRoleToken(db, bearer(created.token), "incidents.read").catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: "RATE_LIMITED", status: 429 });
    expect((refused as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThanOrEqual(1);
  });

  it("shares one limit between concurrent requests (as every app process does): exactly the burst gets through", async () => {
    const created = await createRoleToken(db, { name: "Shared", role: "manager", expiresInDays: 30 }, admin);
    // Separate pool connections on PostgreSQL, as separate processes would use.
    const outcomes = await Promise.all(
      Array.from({ length: 8 }, () =>
        authorizeRoleToken(db, bearer(created.token), "incidents.read").then(
          () => "ok",
          (error: { code?: string }) => error.code,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(2);
    expect(outcomes.filter((o) => o === "RATE_LIMITED")).toHaveLength(6);
    const row = await db.prisma.apiToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.lastUsedAt).not.toBeNull();
  });

  it("bound to one incident, reaches that incident's routes only", async () => {
    const mine = await createTestIncident(db);
    const other = await createTestIncident(db);
    const bulk = await db.prisma.bulkAction.create({
      data: { incidentId: other.id, kind: "password_reset", status: "completed", selection: {}, reason: "r", total: 0, needsApproval: false },
    });
    const created = await createRoleToken(db, { name: "One", role: "manager", incident: mine.slug, expiresInDays: 30 }, admin);
    const principal = await authorizeRoleToken(db, bearer(created.token), "incidents.read");
    expect(principal.incidentId).toBe(mine.id);
    const url = (path: string) => new URL(`http://app.test/api/v1/${path}`);
    await expect(assertTokenCoversRequest(db, principal.incidentId, url(`incidents/${mine.slug}/timeline`))).resolves.toBeUndefined();
    await expect(assertTokenCoversRequest(db, principal.incidentId, url(`incidents/${other.slug}/timeline`))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assertTokenCoversRequest(db, principal.incidentId, url(`bulk-actions/${bulk.id}`))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assertTokenCoversRequest(db, principal.incidentId, url("incidents"))).rejects.toMatchObject({ code: "FORBIDDEN" });
    await expect(assertTokenCoversRequest(db, principal.incidentId, url("incidents/no-such-incident/timeline"))).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(assertTokenCoversRequest(db, null, url("incidents"))).resolves.toBeUndefined();
  });
});
