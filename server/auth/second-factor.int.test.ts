import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createStaffUser } from "../staff/create-staff-user";
import { ageSecondFactor } from "./age-second-factor";
import { assertRecentSecondFactor, checkRecentSecondFactor, StepUpRequiredError } from "./step-up";
import {
  confirmTotpEnrolment,
  resetStaffSecondFactor,
  startTotpEnrolment,
  TOO_MANY_WRONG_CODES,
  verifySecondFactor,
} from "./second-factor";
import { createStaffSession, getStaffSession } from "./staff-session";
import { totpCode } from "./totp";

const T0 = new Date("2026-06-01T09:00:10Z");
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

describe.each(testDbKinds())("TOTP second factor and step-up on %s", (kind) => {
  let db: TestDb;
  let userId: string;
  let adminId: string;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    userId = (
      await createStaffUser(
        db,
        { email: "analyst@example.com", name: "Analyst", role: "security_analyst", password: "a long password 1" },
        null,
      )
    ).id;
    adminId = (
      await createStaffUser(
        db,
        { email: "admin@example.com", name: "Admin", role: "admin", password: "a long password 2" },
        null,
      )
    ).id;
  });

  async function passwordSession(now = T0) {
    return createStaffSession(db, {
      staffUserId: userId,
      method: "password",
      secondFactorAt: null,
      maxAgeSeconds: 8 * 3600,
      now,
    });
  }

  async function enrol(now = T0) {
    const sessionId = await passwordSession(now);
    const { secret } = await startTotpEnrolment(db, { staffUserId: userId, sessionId });
    const { recoveryCodes } = await confirmTotpEnrolment(db, {
      staffUserId: userId,
      sessionId,
      code: totpCode(secret, now),
      now,
    });
    return { secret, recoveryCodes, sessionId };
  }

  it("enrols with a code from the app: the secret is kept sealed, recovery codes hashed, the sign-in completed", async () => {
    const sessionId = await passwordSession();
    const first = await startTotpEnrolment(db, { staffUserId: userId, sessionId });
    // Reloading the enrolment page shows the same key (it may already be scanned).
    expect((await startTotpEnrolment(db, { staffUserId: userId, sessionId })).secret).toBe(first.secret);
    expect(first.uri).toContain("otpauth://totp/Breachdesk:analyst%40example.com");

    await expect(
      confirmTotpEnrolment(db, { staffUserId: userId, sessionId, code: "000000", now: T0 }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    const { recoveryCodes } = await confirmTotpEnrolment(db, {
      staffUserId: userId,
      sessionId,
      code: totpCode(first.secret, T0),
      now: T0,
    });
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);

    const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { id: userId } });
    expect(user.totpEnabledAt).toEqual(T0);
    expect(user.totpSecret).not.toContain(first.secret);
    expect(user.totpPendingSecret).toBeNull();
    const stored = await db.prisma.staffRecoveryCode.findMany({ where: { staffUserId: userId } });
    expect(stored.map((r) => r.codeHash)).not.toContain(recoveryCodes[0]);
    expect(stored.every((r) => /^[0-9a-f]{64}$/.test(r.codeHash))).toBe(true);
    expect((await getStaffSession(db, { sessionId, staffUserId: userId, now: T0 }))?.secondFactorAt).toEqual(T0);
    expect(await db.prisma.auditLog.count({ where: { action: "auth.totp_enrolled", targetId: userId } })).toBe(1);
  });

  it("signs in with a right code, refuses a wrong one and the same code (same time step) twice", async () => {
    const { secret } = await enrol();
    const sessionId = await passwordSession(at(60));
    const wrong = await verifySecondFactor(db, {
      staffUserId: userId,
      sessionId,
      code: "123456",
      now: at(60),
      purpose: "sign_in",
    });
    expect(wrong).toEqual({ ok: false, message: "That code is not right, or it was already used." });
    expect((await getStaffSession(db, { sessionId, staffUserId: userId, now: at(60) }))?.secondFactorAt).toBeNull();

    const code = totpCode(secret, at(60));
    expect(
      await verifySecondFactor(db, { staffUserId: userId, sessionId, code, now: at(60), purpose: "sign_in" }),
    ).toEqual({
      ok: true,
      method: "totp",
    });
    expect((await getStaffSession(db, { sessionId, staffUserId: userId, now: at(60) }))?.secondFactorAt).toEqual(
      at(60),
    );

    // The same code again, still in its time step (another sign-in, a replayed form): refused.
    const other = await passwordSession(at(70));
    expect(
      (await verifySecondFactor(db, { staffUserId: userId, sessionId: other, code, now: at(70), purpose: "sign_in" }))
        .ok,
    ).toBe(false);
    // The enrolment's own code, from an earlier step, too.
    expect(
      (
        await verifySecondFactor(db, {
          staffUserId: userId,
          sessionId: other,
          code: totpCode(secret, T0),
          now: at(70),
          purpose: "sign_in",
        })
      ).ok,
    ).toBe(false);
    // The next step's code works.
    expect(
      (
        await verifySecondFactor(db, {
          staffUserId: userId,
          sessionId: other,
          code: totpCode(secret, at(90)),
          now: at(90),
          purpose: "sign_in",
        })
      ).ok,
    ).toBe(true);
    expect(await db.prisma.auditLog.count({ where: { action: "auth.second_factor_failed" } })).toBe(3);
  });

  it("accepts each recovery code once", async () => {
    const { recoveryCodes } = await enrol();
    const sessionId = await passwordSession(at(60));
    const code = recoveryCodes[3]!.toUpperCase();
    expect(
      await verifySecondFactor(db, { staffUserId: userId, sessionId, code, now: at(60), purpose: "sign_in" }),
    ).toEqual({
      ok: true,
      method: "recovery_code",
    });
    const again = await passwordSession(at(120));
    expect(
      (await verifySecondFactor(db, { staffUserId: userId, sessionId: again, code, now: at(120), purpose: "sign_in" }))
        .ok,
    ).toBe(false);
    expect(
      (
        await verifySecondFactor(db, {
          staffUserId: userId,
          sessionId: again,
          code: recoveryCodes[4]!,
          now: at(120),
          purpose: "sign_in",
        })
      ).ok,
    ).toBe(true);
  });

  it("five wrong codes lock that sign-in only: the person's other sign-in still takes a code, the throttle still counts them", async () => {
    const { secret } = await enrol();
    const stranger = await passwordSession(at(60));
    for (let i = 0; i < 5; i++) {
      const wrong = await verifySecondFactor(db, {
        staffUserId: userId,
        sessionId: stranger,
        code: "000000",
        now: at(60 + i),
        purpose: "sign_in",
      });
      expect(wrong.ok).toBe(false);
    }
    const blocked = await verifySecondFactor(db, {
      staffUserId: userId,
      sessionId: stranger,
      code: totpCode(secret, at(70)),
      now: at(70),
      purpose: "sign_in",
    });
    expect(blocked).toEqual({ ok: false, message: TOO_MANY_WRONG_CODES });
    expect(
      (await getStaffSession(db, { sessionId: stranger, staffUserId: userId, now: at(70) }))?.secondFactorAt,
    ).toBeNull();

    // The person's own sign-in, a moment later, is not held up by the stranger's.
    const own = await passwordSession(at(80));
    expect(
      await verifySecondFactor(db, {
        staffUserId: userId,
        sessionId: own,
        code: totpCode(secret, at(90)),
        now: at(90),
        purpose: "sign_in",
      }),
    ).toEqual({ ok: true, method: "totp" });
    // The wrong codes still count toward the sign-in throttle.
    expect(
      await db.prisma.signInAttempt.count({ where: { email: "analyst@example.com", reason: "bad_second_factor" } }),
    ).toBe(5);
    // No sign-in record, no check.
    expect(
      await verifySecondFactor(db, {
        staffUserId: userId,
        sessionId: null,
        code: totpCode(secret, at(120)),
        now: at(120),
        purpose: "sign_in",
      }),
    ).toMatchObject({ ok: false });
  });

  it("a pending key belongs to the sign-in that was shown it: another sign-in gets a new key and voids the first", async () => {
    const person = await passwordSession(T0);
    const stranger = await passwordSession(at(5));
    const first = await startTotpEnrolment(db, { staffUserId: userId, sessionId: person });
    const second = await startTotpEnrolment(db, { staffUserId: userId, sessionId: stranger });
    expect(second.secret).not.toBe(first.secret);
    // The stranger's reload shows the stranger's key again, never the person's.
    expect((await startTotpEnrolment(db, { staffUserId: userId, sessionId: stranger })).secret).toBe(second.secret);

    // The first key is void: confirming it (from its own sign-in, or the other) fails.
    await expect(
      confirmTotpEnrolment(db, {
        staffUserId: userId,
        sessionId: person,
        code: totpCode(first.secret, at(10)),
        now: at(10),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await expect(
      confirmTotpEnrolment(db, {
        staffUserId: userId,
        sessionId: stranger,
        code: totpCode(first.secret, at(10)),
        now: at(10),
      }),
    ).rejects.toMatchObject({ code: "VALIDATION" });
    // Another sign-in cannot confirm the key it was not shown.
    await expect(
      confirmTotpEnrolment(db, {
        staffUserId: userId,
        sessionId: person,
        code: totpCode(second.secret, at(10)),
        now: at(10),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    expect((await db.prisma.staffUser.findUniqueOrThrow({ where: { id: userId } })).totpEnabledAt).toBeNull();

    // The person starts again: a new key, and the stranger's is void in turn.
    const again = await startTotpEnrolment(db, { staffUserId: userId, sessionId: person });
    expect([first.secret, second.secret]).not.toContain(again.secret);
    await expect(
      confirmTotpEnrolment(db, {
        staffUserId: userId,
        sessionId: stranger,
        code: totpCode(second.secret, at(40)),
        now: at(40),
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await confirmTotpEnrolment(db, {
      staffUserId: userId,
      sessionId: person,
      code: totpCode(again.secret, at(40)),
      now: at(40),
    });
    expect(
      await db.prisma.auditLog.count({ where: { action: "auth.totp_enrolment_restarted", targetId: userId } }),
    ).toBe(2);
    // Enrolled: no sign-in is shown a key any more.
    await expect(startTotpEnrolment(db, { staffUserId: userId, sessionId: stranger })).rejects.toMatchObject({
      code: "CONFLICT",
    });
    // Another person's sign-in: no key.
    await expect(startTotpEnrolment(db, { staffUserId: adminId, sessionId: person })).rejects.toMatchObject({
      code: "UNAUTHENTICATED",
    });
  });

  it("after a set-up, the next sign-ins carry a notice until one of them completes its second factor", async () => {
    const { secret, sessionId: enrolling } = await enrol(T0);
    const notice = async (sessionId: string) =>
      (await getStaffSession(db, { sessionId, staffUserId: userId, now: at(60) }))?.totpNoticeAt ?? null;
    expect(await notice(enrolling)).toBeNull();
    expect(await db.prisma.auditLog.count({ where: { action: "auth.totp_enrolled", targetId: userId } })).toBe(1);

    // Someone with only the password signs in and gets no further: the notice stays for the person.
    const stranger = await passwordSession(at(30));
    expect(await notice(stranger)).toEqual(T0);
    await verifySecondFactor(db, {
      staffUserId: userId,
      sessionId: stranger,
      code: "000000",
      now: at(31),
      purpose: "sign_in",
    });

    const next = await passwordSession(at(60));
    expect(await notice(next)).toEqual(T0);
    expect(
      (
        await verifySecondFactor(db, {
          staffUserId: userId,
          sessionId: next,
          code: totpCode(secret, at(60)),
          now: at(60),
          purpose: "sign_in",
        })
      ).ok,
    ).toBe(true);
    // Told once it got through: later sign-ins say nothing.
    expect(await notice(next)).toEqual(T0);
    expect(await notice(await passwordSession(at(90)))).toBeNull();
  });

  it("step-up: a second factor older than the window is refused, a fresh code renews it", async () => {
    const { secret, sessionId } = await enrol(T0);
    const window = { staffUserId: userId, sessionId, maxAgeSeconds: 300, ssoName: null };
    await expect(assertRecentSecondFactor(db, { ...window, now: at(300) })).resolves.toBeUndefined();
    const stale = assertRecentSecondFactor(db, { ...window, now: at(301) });
    await expect(stale).rejects.toBeInstanceOf(StepUpRequiredError);
    await expect(stale).rejects.toMatchObject({ code: "STEP_UP_REQUIRED", stepUp: { method: "totp" } });

    await verifySecondFactor(db, {
      staffUserId: userId,
      sessionId,
      code: totpCode(secret, at(400)),
      now: at(400),
      purpose: "step_up",
    });
    await expect(assertRecentSecondFactor(db, { ...window, now: at(600) })).resolves.toBeUndefined();
    await expect(assertRecentSecondFactor(db, { ...window, now: at(701) })).rejects.toBeInstanceOf(StepUpRequiredError);
    expect(await db.prisma.auditLog.count({ where: { action: "auth.step_up_passed" } })).toBe(1);

    // Another sign-in's cookie, or none, cannot step up this one.
    await expect(assertRecentSecondFactor(db, { ...window, sessionId: undefined, now: at(400) })).rejects.toMatchObject(
      { code: "STEP_UP_REQUIRED" },
    );
  });

  it("step-up with a code typed into the prompt: a recovery code works once, a wrong or reused one is refused on its field", async () => {
    const { secret, recoveryCodes, sessionId } = await enrol(T0);
    const stepUp = (code: string | undefined, now: Date) =>
      checkRecentSecondFactor(db, { staffUserId: userId, sessionId, code, maxAgeSeconds: 300, ssoName: null, now });
    await expect(stepUp(undefined, at(600))).rejects.toBeInstanceOf(StepUpRequiredError);
    await expect(stepUp(recoveryCodes[0], at(600))).resolves.toBeUndefined();
    await expect(stepUp(undefined, at(800))).resolves.toBeUndefined();
    // Stale again: the same recovery code is spent, and the enrolment's TOTP code is long past.
    for (const code of [recoveryCodes[0]!, totpCode(secret, T0)]) {
      await expect(stepUp(code, at(1200))).rejects.toMatchObject({
        code: "VALIDATION",
        fields: { secondFactorCode: "That code is not right, or it was already used." },
      });
    }
    await expect(stepUp(totpCode(secret, at(1200)), at(1200))).resolves.toBeUndefined();
    expect(await db.prisma.auditLog.count({ where: { action: "auth.step_up_passed" } })).toBe(2);
  });

  it("the e2e hook ages one sign-in's second factor, only backwards, and never one that has none", async () => {
    const { sessionId } = await enrol();
    const other = await passwordSession();
    const window = { staffUserId: userId, sessionId, maxAgeSeconds: 300, ssoName: null, now: at(10) };
    await expect(assertRecentSecondFactor(db, window)).resolves.toBeUndefined();
    expect(await ageSecondFactor(db, { staffUserId: userId, sessionId, ageSeconds: 3600, now: at(10) })).toEqual(
      at(-3590),
    );
    await expect(assertRecentSecondFactor(db, window)).rejects.toBeInstanceOf(StepUpRequiredError);
    // Never forwards: a smaller age leaves the older time as it is.
    expect(await ageSecondFactor(db, { staffUserId: userId, sessionId, ageSeconds: 1, now: at(10) })).toEqual(
      at(-3590),
    );
    // Not another user's sign-in, and not one still waiting for its second factor.
    expect(await ageSecondFactor(db, { staffUserId: adminId, sessionId, ageSeconds: 60 })).toBeNull();
    expect(await ageSecondFactor(db, { staffUserId: userId, sessionId: other, ageSeconds: 60 })).toBeNull();
    expect((await getStaffSession(db, { sessionId: other, staffUserId: userId, now: T0 }))?.secondFactorAt).toBeNull();
  });

  it("step-up of an SSO sign-in asks the identity provider again, counted from its auth_time", async () => {
    const sessionId = await createStaffSession(db, {
      staffUserId: userId,
      method: "sso",
      secondFactorAt: at(-3600),
      maxAgeSeconds: 8 * 3600,
      now: T0,
    });
    await expect(
      assertRecentSecondFactor(db, { staffUserId: userId, sessionId, maxAgeSeconds: 300, ssoName: "Okta", now: T0 }),
    ).rejects.toMatchObject({ stepUp: { method: "sso", provider: "Okta" } });
    const fresh = await createStaffSession(db, {
      staffUserId: userId,
      method: "sso",
      secondFactorAt: T0,
      maxAgeSeconds: 8 * 3600,
      now: T0,
    });
    await expect(
      assertRecentSecondFactor(db, {
        staffUserId: userId,
        sessionId: fresh,
        maxAgeSeconds: 300,
        ssoName: "Okta",
        now: at(10),
      }),
    ).resolves.toBeUndefined();
  });

  it("an admin resets another staff member's second factor: audited, sessions ended, set up again next time", async () => {
    const { sessionId } = await enrol();
    const before = await db.prisma.staffUser.findUniqueOrThrow({ where: { id: userId } });
    const admin = { id: adminId, email: "admin@example.com" };
    await expect(resetStaffSecondFactor(db, { userId: adminId }, admin)).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await resetStaffSecondFactor(db, { userId }, admin)).toEqual({ email: "analyst@example.com" });

    const after = await db.prisma.staffUser.findUniqueOrThrow({ where: { id: userId } });
    expect(after).toMatchObject({ totpSecret: null, totpEnabledAt: null, totpLastStep: null });
    expect(after.sessionVersion).toBe(before.sessionVersion + 1);
    expect(await db.prisma.staffRecoveryCode.count({ where: { staffUserId: userId } })).toBe(0);
    expect(await getStaffSession(db, { sessionId, staffUserId: userId, now: T0 })).toBeNull();
    const entry = await db.prisma.auditLog.findFirstOrThrow({ where: { action: "staff.second_factor_reset" } });
    expect(entry).toMatchObject({ actorId: adminId, targetId: userId });
    // A new key at the next enrolment.
    const next = await passwordSession(at(60));
    expect((await startTotpEnrolment(db, { staffUserId: userId, sessionId: next })).secret).toMatch(/^[A-Z2-7]{32}$/);
  });
});
