import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRoleMap } from "../../lib/auth/oidc-role-map";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createStaffUser } from "../staff/create-staff-user";
import { signInWithSso, type SsoIdentity } from "./sso-sign-in";
import { verifyStaffCredentials } from "./verify-staff-credentials";

const roleMap = parseRoleMap("secops-admins:admin,secops:security_analyst,support:support_agent,leadership:manager");
const ISSUER = "https://idp.example.com";
// The provider is the authority for corp.example addresses only.
const trustedEmailDomains = ["corp.example"];
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
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
  });

  it("makes a staff record just in time, with the mapped role, audited; it has no password", async () => {
    const result = await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains });
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
    await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains });
    const promoted = await signInWithSso(db, {
      identity: identity({ groups: ["secops-admins", "secops"] }),
      roleMap,
      trustedEmailDomains,
    });
    expect(promoted).toMatchObject({ ok: true, user: { role: "admin" } });
    expect(await db.prisma.auditLog.count({ where: { action: "staff.role_changed_by_sso" } })).toBe(1);

    const refused = await signInWithSso(db, {
      identity: identity({ groups: ["contractors"] }),
      roleMap,
      trustedEmailDomains,
    });
    expect(refused).toEqual({ ok: false, reason: "no_mapped_group" });
    // Refused, the record keeps its last role (it grants nothing: no session is made).
    expect((await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "jane@corp.example" } })).role).toBe("admin");
    expect(await db.prisma.auditLog.count({ where: { action: "auth.sso_refused" } })).toBe(1);
    const stranger = await signInWithSso(db, {
      identity: identity({ subject: "00u9", email: "x@corp.example", groups: [] }),
      roleMap,
      trustedEmailDomains,
    });
    expect(stranger).toEqual({ ok: false, reason: "no_mapped_group" });
    expect(await db.prisma.staffUser.count({ where: { email: "x@corp.example" } })).toBe(0);
  });

  it("links an existing password user only on email_verified true for a trusted domain; otherwise refuses and changes nothing", async () => {
    const jane = await createStaffUser(
      db,
      { email: "jane@corp.example", name: "Jane", role: "manager", password: "a long password 1" },
      null,
    );
    await db.prisma.staffUser.update({ where: { id: jane.id }, data: { totpEnabledAt: new Date() } });
    const before = await db.prisma.staffUser.findUniqueOrThrow({ where: { id: jane.id } });
    // No email_verified claim at all (Entra ID sends none), false, or a domain the provider is not trusted for.
    const refusals = [
      await signInWithSso(db, { identity: identity({ emailVerified: null }), roleMap, trustedEmailDomains }),
      await signInWithSso(db, { identity: identity({ emailVerified: false }), roleMap, trustedEmailDomains }),
      await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains: [] }),
      await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains: ["example"] }),
    ];
    expect(refusals).toEqual(Array(4).fill({ ok: false, reason: "link_refused" }));
    // Not renamed, not re-roled, not linked, no second record with the same address either.
    expect(await db.prisma.staffUser.findUniqueOrThrow({ where: { id: jane.id } })).toEqual(before);
    expect(await db.prisma.staffUser.count()).toBe(1);
    const refused = await db.prisma.auditLog.findMany({ where: { action: "auth.sso_refused", targetId: jane.id } });
    expect(refused.map((e) => (e.detail as { reason: string }).reason)).toEqual(Array(4).fill("link_refused"));
    // The password still signs in.
    expect(
      (await verifyStaffCredentials(db, { email: "jane@corp.example", password: "a long password 1", ip: "10.0.0.1" }))
        .ok,
    ).toBe(true);

    const linked = await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains });
    expect(linked).toMatchObject({ ok: true, user: { email: "jane@corp.example", role: "security_analyst" } });
    expect(await db.prisma.staffUser.count()).toBe(1);
    const link = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "staff.linked_to_sso" } });
    expect(link).toMatchObject({ targetId: jane.id });
    expect(link.detail).toMatchObject({
      subject: `${ISSUER}#00u1`,
      email: "jane@corp.example",
      previousRole: "manager",
    });
    // Linked to that subject, another subject with the same address is refused as before.
    expect(await signInWithSso(db, { identity: identity({ subject: "00u2" }), roleMap, trustedEmailDomains })).toEqual({
      ok: false,
      reason: "email_taken",
    });
  });

  it("refuses a deactivated staff member whatever their groups", async () => {
    await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains });
    await db.prisma.staffUser.update({ where: { email: "jane@corp.example" }, data: { active: false } });
    expect(await signInWithSso(db, { identity: identity(), roleMap, trustedEmailDomains })).toEqual({
      ok: false,
      reason: "inactive",
    });
  });
});
