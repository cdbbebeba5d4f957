import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRoleMap } from "../../lib/auth/oidc-role-map";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createStaffUser } from "../staff/create-staff-user";
import { signInWithSso, type SsoIdentity } from "./sso-sign-in";
import { verifyStaffCredentials } from "./verify-staff-credentials";

const roleMap = parseRoleMap("secops-admins:admin,secops:security_analyst,support:support_agent,leadership:manager");
const ISSUER = "https://idp.example.com";
const identity = (overrides: Partial<SsoIdentity> = {}): SsoIdentity => ({
  issuer: ISSUER,
  subject: "00u1",
  email: "Jane@Corp.example",
  emailVerified: true,
  name: "Jane Doe",
  groups: ["everyone", "secops"],
  ...overrides,
});

describe.each(testDbKinds())("single sign-on staff records on %s", (kind) => {
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

  it("makes a staff record just in time, with the mapped role, audited; it has no password", async () => {
    const result = await signInWithSso(db, { identity: identity(), roleMap });
    expect(result).toMatchObject({ ok: true, user: { email: "jane@corp.example", role: "security_analyst" } });
    const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "jane@corp.example" } });
    expect(user.ssoSubject).toBe(`${ISSUER}#00u1`);
    const actions = (await db.prisma.auditLog.findMany({ where: { targetId: user.id }, orderBy: { id: "asc" } })).map(
      (e) => e.action,
    );
    expect(actions).toEqual(["staff.created_by_sso", "auth.signed_in"]);
    expect(
      (await verifyStaffCredentials(db, { email: user.email, password: user.passwordHash, ip: "10.0.0.1" })).ok,
    ).toBe(false);
  });

  it("follows the groups at every sign-in, and refuses someone in no mapped group", async () => {
    await signInWithSso(db, { identity: identity(), roleMap });
    const promoted = await signInWithSso(db, { identity: identity({ groups: ["secops-admins", "secops"] }), roleMap });
    expect(promoted).toMatchObject({ ok: true, user: { role: "admin" } });
    expect(await db.prisma.auditLog.count({ where: { action: "staff.role_changed_by_sso" } })).toBe(1);

    const refused = await signInWithSso(db, { identity: identity({ groups: ["contractors"] }), roleMap });
    expect(refused).toEqual({ ok: false, reason: "no_mapped_group" });
    // Refused, the record keeps its last role (it grants nothing: no session is made).
    expect((await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "jane@corp.example" } })).role).toBe("admin");
    expect(await db.prisma.auditLog.count({ where: { action: "auth.sso_refused" } })).toBe(1);
    const stranger = await signInWithSso(db, {
      identity: identity({ subject: "00u9", email: "x@corp.example", groups: [] }),
      roleMap,
    });
    expect(stranger).toEqual({ ok: false, reason: "no_mapped_group" });
    expect(await db.prisma.staffUser.count({ where: { email: "x@corp.example" } })).toBe(0);
  });

  it("links an existing staff record by a verified e-mail address, never by an unverified one", async () => {
    await createStaffUser(
      db,
      { email: "jane@corp.example", name: "Jane", role: "manager", password: "a long password 1" },
      null,
    );
    const unverified = await signInWithSso(db, { identity: identity({ emailVerified: false }), roleMap });
    // Not linked, and no second record with the same address either.
    expect(unverified).toEqual({ ok: false, reason: "email_taken" });
    const linked = await signInWithSso(db, { identity: identity(), roleMap });
    expect(linked).toMatchObject({ ok: true, user: { email: "jane@corp.example", role: "security_analyst" } });
    expect(await db.prisma.staffUser.count()).toBe(1);
    expect(await db.prisma.auditLog.count({ where: { action: "staff.linked_to_sso" } })).toBe(1);
  });

  it("refuses a deactivated staff member whatever their groups", async () => {
    await signInWithSso(db, { identity: identity(), roleMap });
    await db.prisma.staffUser.update({ where: { email: "jane@corp.example" }, data: { active: false } });
    expect(await signInWithSso(db, { identity: identity(), roleMap })).toEqual({ ok: false, reason: "inactive" });
  });
});
