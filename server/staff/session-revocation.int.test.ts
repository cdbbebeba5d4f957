import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { refreshSessionToken } from "../auth/refresh-session-token";
import { verifyStaffCredentials } from "../auth/verify-staff-credentials";
import { changeStaffRole } from "./change-staff-role";
import { createStaffUser } from "./create-staff-user";
import { revokeStaffSessions } from "./revoke-staff-sessions";
import { setStaffActive } from "./set-staff-active";
import { setStaffPassword } from "./set-staff-password";

// Regression: a session token (what the cookie holds) stops
// working at once after sign-out, sign-out everywhere, a password change or
// deactivation, and never reports a role the user no longer has.
describe.each(testDbKinds())("session revocation on %s", (kind) => {
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

  const PASSWORD = "long enough password";
  async function signedIn(role: "admin" | "support_agent" = "support_agent") {
    const user = await createStaffUser(
      db,
      { email: `${role}@example.com`, name: role, role, password: PASSWORD },
      null,
    );
    const check = await verifyStaffCredentials(db, { email: user.email, password: PASSWORD, ip: "192.0.2.1" });
    if (!check.ok) throw new Error("sign-in failed");
    const token = { sub: user.id, email: user.email, role: check.user.role, sv: check.user.sessionVersion };
    return { user, token };
  }

  it("keeps a current session working", async () => {
    const { token } = await signedIn();
    await expect(refreshSessionToken(db, token)).resolves.toMatchObject({ sub: token.sub, role: "support_agent" });
  });

  it("ends every session on sign-out and on an admin's sign-out everywhere, and audits it", async () => {
    const { user, token } = await signedIn();
    await revokeStaffSessions(db, { userId: user.id }, { id: user.id, email: user.email }, "signed_out");
    await expect(refreshSessionToken(db, token)).rejects.toThrow(/revoked/);

    const again = await verifyStaffCredentials(db, { email: user.email, password: PASSWORD, ip: "192.0.2.1" });
    if (!again.ok) throw new Error("sign-in failed");
    const second = { ...token, sv: again.user.sessionVersion };
    await refreshSessionToken(db, second);
    await revokeStaffSessions(db, { userId: user.id }, null);
    await expect(refreshSessionToken(db, second)).rejects.toThrow(/revoked/);
    const actions = (await db.prisma.auditLog.findMany({ where: { targetId: user.id } })).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(["auth.signed_out", "staff.sessions_revoked"]));
  });

  it("ends sessions on a password change (the new password works)", async () => {
    const { user, token } = await signedIn();
    await setStaffPassword(db, { userId: user.id, password: "a brand new passphrase" }, null);
    await expect(refreshSessionToken(db, token)).rejects.toThrow(/revoked/);
    const check = await verifyStaffCredentials(db, {
      email: user.email,
      password: "a brand new passphrase",
      ip: "192.0.2.2",
    });
    expect(check.ok).toBe(true);
  });

  it("ends sessions on deactivation, and a reactivation does not revive them", async () => {
    const { user, token } = await signedIn();
    await setStaffActive(db, { userId: user.id, active: false }, null);
    await expect(refreshSessionToken(db, token)).rejects.toThrow(/revoked/);
    await setStaffActive(db, { userId: user.id, active: true }, null);
    await expect(refreshSessionToken(db, token)).rejects.toThrow(/revoked/);
  });

  it("never deactivates the last active admin", async () => {
    const { user } = await signedIn("admin");
    await expect(setStaffActive(db, { userId: user.id, active: false }, null)).rejects.toMatchObject({
      code: "CONFLICT",
    });
  });

  it("reports the role as it is now, not as it was at sign-in", async () => {
    await signedIn("admin");
    const { user, token } = await signedIn();
    await changeStaffRole(db, { userId: user.id, role: "manager" }, null);
    await expect(refreshSessionToken(db, token)).resolves.toMatchObject({ role: "manager" });
  });

  it("says NOT_FOUND for an unknown user", async () => {
    await expect(
      revokeStaffSessions(db, { userId: "00000000-0000-4000-8000-000000000000" }, null),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
  });
});
