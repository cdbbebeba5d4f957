import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { changeStaffRole } from "./change-staff-role";
import { createStaffUser } from "./create-staff-user";
import { listStaffUsers } from "./list-staff-users";

describe.each(testDbKinds())("staff management on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db.cleanup();
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

  it("reports an unknown user clearly", async () => {
    await expect(
      changeStaffRole(db, { userId: "00000000-0000-4000-8000-000000000000", role: "manager" }, null),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
