import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { THROTTLE } from "../../lib/auth/throttle";
import { openTestDb, resetTestDb, testDbKinds, type TestDb } from "../../test/db";
import { createStaffUser } from "../staff/create-staff-user";
import { sweepExpired } from "../workers/work";
import { verifyStaffCredentials } from "./verify-staff-credentials";

const PASSWORD = "correct horse battery staple";

describe.each(testDbKinds())("staff sign-in on %s", (kind) => {
  let db: TestDb;
  beforeAll(async () => {
    db = await openTestDb(kind);
  });
  afterAll(async () => {
    await db?.cleanup();
  });
  beforeEach(async () => {
    await resetTestDb(db);
    await createStaffUser(
      db,
      { email: "Agent@Example.com", name: "Agent", role: "support_agent", password: PASSWORD },
      null,
    );
  });

  it("accepts the right password, case-insensitively on the address, and audits it", async () => {
    const result = await verifyStaffCredentials(db, {
      email: " agent@example.COM ",
      password: PASSWORD,
      ip: "10.0.0.1",
    });
    expect(result).toMatchObject({ ok: true, user: { email: "agent@example.com", role: "support_agent" } });
    const audit = await db.prisma.auditLog.findMany({ where: { action: "auth.signed_in" } });
    expect(audit).toHaveLength(1);
    const user = await db.prisma.staffUser.findUniqueOrThrow({ where: { email: "agent@example.com" } });
    expect(user.lastSignInAt).not.toBeNull();
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
  });

  it("gives the same answer for a wrong password and an unknown address", async () => {
    const wrong = await verifyStaffCredentials(db, { email: "agent@example.com", password: "nope", ip: "10.0.0.1" });
    const unknown = await verifyStaffCredentials(db, {
      email: "ghost@example.com",
      password: PASSWORD,
      ip: "10.0.0.1",
    });
    expect(wrong).toEqual({ ok: false, reason: "invalid" });
    expect(unknown).toEqual({ ok: false, reason: "invalid" });
  });

  it("refuses a deactivated user even with the right password", async () => {
    await db.prisma.staffUser.update({ where: { email: "agent@example.com" }, data: { active: false } });
    expect(
      await verifyStaffCredentials(db, { email: "agent@example.com", password: PASSWORD, ip: "10.0.0.1" }),
    ).toEqual({
      ok: false,
      reason: "invalid",
    });
  });

  it("throttles an address after repeated failures, even with the right password, until the window passes", async () => {
    const start = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail; i++) {
      const at = new Date(start.getTime() + i * 1000);
      await verifyStaffCredentials(db, {
        email: "agent@example.com",
        password: `guess-${i}`,
        ip: `10.0.0.${i}`,
        now: at,
      });
    }
    const blocked = await verifyStaffCredentials(db, {
      email: "agent@example.com",
      password: PASSWORD,
      ip: "10.9.9.9",
      now: new Date(start.getTime() + 60_000),
    });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    expect(blocked.ok === false && blocked.reason === "throttled" && blocked.retryAfterSeconds).toBe(
      THROTTLE.windowMinutes * 60 - 60,
    );

    const later = await verifyStaffCredentials(db, {
      email: "agent@example.com",
      password: PASSWORD,
      ip: "10.9.9.9",
      now: new Date(start.getTime() + THROTTLE.windowMinutes * 60_000 + 10_000),
    });
    expect(later.ok).toBe(true);
  });

  it("resets the count after a successful sign-in", async () => {
    const start = new Date("2026-03-01T10:00:00Z");
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail - 1; i++) {
      await verifyStaffCredentials(db, { email: "agent@example.com", password: "x", ip: "10.0.0.1", now: at(i) });
    }
    expect(
      (
        await verifyStaffCredentials(db, {
          email: "agent@example.com",
          password: PASSWORD,
          ip: "10.0.0.1",
          now: at(10),
        })
      ).ok,
    ).toBe(true);
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail - 1; i++) {
      await verifyStaffCredentials(db, { email: "agent@example.com", password: "x", ip: "10.0.0.1", now: at(20 + i) });
    }
    expect(
      (
        await verifyStaffCredentials(db, {
          email: "agent@example.com",
          password: PASSWORD,
          ip: "10.0.0.1",
          now: at(40),
        })
      ).ok,
    ).toBe(true);
  });

  it("throttles one IP spraying many addresses", async () => {
    const start = new Date("2026-03-01T10:00:00Z");
    for (let i = 0; i < THROTTLE.maxFailuresPerIp; i++) {
      await verifyStaffCredentials(db, {
        email: `user${i}@example.com`,
        password: "x",
        ip: "198.51.100.7",
        now: new Date(start.getTime() + i * 100),
      });
    }
    const blocked = await verifyStaffCredentials(db, {
      email: "agent@example.com",
      password: PASSWORD,
      ip: "198.51.100.7",
      now: new Date(start.getTime() + 5000),
    });
    expect(blocked).toMatchObject({ ok: false, reason: "throttled" });
    const otherIp = await verifyStaffCredentials(db, {
      email: "agent@example.com",
      password: PASSWORD,
      ip: "203.0.113.5",
      now: new Date(start.getTime() + 5000),
    });
    expect(otherIp.ok).toBe(true);
  });

  it("the sweep deletes attempts older than the throttle window and keeps the ones it still counts", async () => {
    const now = new Date();
    for (const minutesAgo of [THROTTLE.windowMinutes + 1, 60 * 24, THROTTLE.windowMinutes - 1, 1])
      await db.sql.run(
        `INSERT INTO sign_in_attempts (email, ip, succeeded, reason, created_at)
         VALUES ('agent@example.com', '10.9.9.9', false, 'bad_password', $1::timestamptz - make_interval(mins => $2))`,
        [now.toISOString(), minutesAgo],
      );
    await sweepExpired(db, now);
    const left = await db.sql.query<{ minutes: number }>(
      `SELECT round(extract(epoch FROM $1::timestamptz - created_at) / 60)::int AS minutes FROM sign_in_attempts ORDER BY created_at`,
      [now.toISOString()],
    );
    expect(left.map((r) => Number(r.minutes))).toEqual([THROTTLE.windowMinutes - 1, 1]);
    // The throttle still sees what was kept.
    for (let i = 0; i < THROTTLE.maxFailuresPerEmail - 2; i++)
      await verifyStaffCredentials(db, { email: "agent@example.com", password: "x", ip: "10.0.0.1", now });
    expect(
      await verifyStaffCredentials(db, { email: "agent@example.com", password: PASSWORD, ip: "10.0.0.1", now }),
    ).toMatchObject({
      ok: false,
      reason: "throttled",
    });
  });
});
