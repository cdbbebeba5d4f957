import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { changeStaffRole } from "./change-staff-role";
import { createStaffUser } from "./create-staff-user";
import { createRoleToken } from "../auth/create-role-token";
import { createApiToken } from "../timeline/api-tokens/create-api-token";
import { revokeApiToken } from "../timeline/api-tokens/revoke-api-token";
import { listStaffUsers } from "./list-staff-users";
import { setStaffActive } from "./set-staff-active";
import { listApiTokenGrantsByStaff } from "./staff-api-tokens";

describe.each(testDbKinds())("staff management on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
  });

  const make = (email: string, role: "admin" | "manager" | "support_agent") =>
    createStaffUser(db, { email, name: email.split("@")[0]!, role, password: "long enough password" }, null);

  it("creates staff with a unique e-mail address", async () => {
    await make("a@example.com", "manager");
    await expect(make("A@example.com", "admin")).rejects.toMatchObject({ code: "CONFLICT" });
    expect(await listStaffUsers(db)).toHaveLength(1);
  });

  it("rejects short passwords and unknown roles with the field named", async () => {
    await expect(
      createStaffUser(db, { email: "b@example.com", name: "B", role: "manager", password: "short" }, null),
    ).rejects.toThrow(/at least 12 characters/);
    await expect(
      createStaffUser(
        db,
        { email: "b@example.com", name: "B", role: "root" as never, password: "long enough password" },
        null,
      ),
    ).rejects.toThrow(/role/);
  });

  it("changes a role, audits it, and treats a repeat as a no-op", async () => {
    const admin = await make("admin@example.com", "admin");
    const agent = await make("agent@example.com", "support_agent");
    const actor = { id: admin.id, email: admin.email };
    expect((await changeStaffRole(db, { userId: agent.id, role: "manager" }, actor)).changed).toBe(true);
    expect((await changeStaffRole(db, { userId: agent.id, role: "manager" }, actor)).changed).toBe(false);
    const audit = await db.prisma.auditLog.findMany({ where: { action: "staff.role_changed" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actorId: admin.id,
      targetId: agent.id,
      detail: { from: "support_agent", to: "manager" },
    });
  });

  it("never demotes the last active admin", async () => {
    const admin = await make("admin@example.com", "admin");
    await expect(changeStaffRole(db, { userId: admin.id, role: "manager" }, null)).rejects.toMatchObject({
      code: "CONFLICT",
    });
    const second = await make("second@example.com", "admin");
    await changeStaffRole(db, { userId: admin.id, role: "manager" }, null);
    await expect(changeStaffRole(db, { userId: second.id, role: "manager" }, null)).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("an admin cannot deactivate themselves; another admin can", async () => {
    const admin = await make("admin@example.com", "admin");
    const second = await make("second@example.com", "admin");
    await expect(
      setStaffActive(db, { userId: admin.id, active: false }, { id: admin.id, email: admin.email }),
    ).rejects.toMatchObject({ code: "CONFLICT", message: "You cannot deactivate yourself: another admin can." });
    expect(await db.prisma.auditLog.count({ where: { action: "staff.deactivated" } })).toBe(0);
    const done = await setStaffActive(db, { userId: admin.id, active: false }, { id: second.id, email: second.email });
    expect(done.changed).toBe(true);
  });

  it("counts and audits the working API tokens a role change narrows, of both kinds", async () => {
    const admin = await make("admin@example.com", "admin");
    const lead = await make("lead@example.com", "admin");
    const actor = { id: admin.id, email: admin.email };
    const creator = { id: lead.id, email: lead.email, role: "admin" as const };
    await createRoleToken(db, { name: "Admin bot", role: "admin", expiresInDays: 30 }, creator);
    await createRoleToken(db, { name: "Board", role: "manager", expiresInDays: 30 }, creator);
    await createApiToken(db, { name: "SIEM" }, creator);
    const revoked = await createRoleToken(db, { name: "Gone", role: "admin", expiresInDays: 30 }, creator);
    await revokeApiToken(db, { tokenId: revoked.id }, actor);
    await createRoleToken(db, { name: "Old", role: "admin", expiresInDays: 1 }, creator, {
      now: new Date(Date.now() - 2 * 86_400_000),
    });
    expect((await listApiTokenGrantsByStaff(db))[lead.id]).toHaveLength(3);

    // To support agent: all three lose something (the manager token its reports.read, the SIEM token timeline.write).
    const toAgent = await changeStaffRole(db, { userId: lead.id, role: "support_agent" }, actor);
    expect(toAgent.narrowedApiTokens).toBe(3);
    // Back up to admin narrows nothing.
    expect((await changeStaffRole(db, { userId: lead.id, role: "admin" }, actor)).narrowedApiTokens).toBe(0);
    // To analyst: only the admin token loses something.
    const toAnalyst = await changeStaffRole(db, { userId: lead.id, role: "security_analyst" }, actor);
    expect(toAnalyst.narrowedApiTokens).toBe(1);
    const audit = await db.prisma.auditLog.findMany({
      where: { action: "staff.role_changed", targetId: lead.id },
      orderBy: { id: "asc" },
    });
    expect(audit.map((entry) => (entry.detail as { narrowedApiTokens: number }).narrowedApiTokens)).toEqual([3, 0, 1]);
  });

  it("reports an unknown user clearly", async () => {
    await expect(
      changeStaffRole(db, { userId: "00000000-0000-4000-8000-000000000000", role: "manager" }, null),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
