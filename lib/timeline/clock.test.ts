import { describe, expect, it } from "vitest";
import { article33Deadline, clockState, formatCountdown, formatHoursMinutes } from "./clock";

const T0 = new Date("2019-11-07T09:12:00Z");
const at = (iso: string) => new Date(iso);

describe("the Article 33 clock", () => {
  const deadline = article33Deadline(T0);

  it("falls due 72 hours after T0", () => {
    expect(deadline.toISOString()).toBe("2019-11-10T09:12:00.000Z");
  });

  it("counts down while the regulator has not been notified", () => {
    expect(clockState(deadline, null, at("2019-11-07T10:12:00Z"))).toEqual({
      status: "running",
      deadline,
      remainingMs: 71 * 3_600_000,
    });
  });

  it("turns to due soon in the last 12 hours, and overdue after the deadline", () => {
    expect(clockState(deadline, null, at("2019-11-09T21:12:00Z")).status).toBe("due_soon");
    expect(clockState(deadline, null, at("2019-11-09T21:11:59Z")).status).toBe("running");
    expect(clockState(deadline, null, deadline).status).toBe("due_soon");
    expect(clockState(deadline, null, at("2019-11-10T10:12:00Z"))).toEqual({
      status: "overdue",
      deadline,
      overdueByMs: 3_600_000,
    });
  });

  it("stops when met, whatever the time now", () => {
    const metAt = at("2019-11-08T16:00:00Z");
    const state = clockState(deadline, metAt, at("2030-01-01T00:00:00Z"));
    expect(state).toEqual({ status: "met", deadline, metAt, marginMs: deadline.getTime() - metAt.getTime() });
  });

  it("says when it was met late", () => {
    const state = clockState(deadline, at("2019-11-11T09:12:00Z"), at("2019-11-12T00:00:00Z"));
    expect(state).toMatchObject({ status: "met_late", marginMs: -24 * 3_600_000 });
  });
});

describe("formatCountdown", () => {
  it.each([
    [72 * 3_600_000, "72:00:00"],
    [71 * 3_600_000 + 59 * 60_000 + 58_999, "71:59:58"],
    [61_000, "0:01:01"],
    [0, "0:00:00"],
    [-5_000, "0:00:00"],
  ])("shows %i ms as %s", (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });
});

describe("formatHoursMinutes", () => {
  it.each([
    [(30 * 60 + 48) * 60_000, "30 h 48 min"],
    [100 * 3_600_000, "100 h 0 min"],
    [59 * 60_000 + 29_000, "59 min"],
    [-90 * 60_000, "-1 h 30 min"],
  ])("shows %i ms as %s", (ms, text) => {
    expect(formatHoursMinutes(ms)).toBe(text);
  });
});
