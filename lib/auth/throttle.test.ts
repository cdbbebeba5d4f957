import { describe, expect, it } from "vitest";
import { THROTTLE, decideThrottle } from "./throttle";

const now = new Date("2026-01-01T12:00:00Z");

describe("decideThrottle", () => {
  it("allows sign-in below the limits", () => {
    expect(
      decideThrottle({
        failuresForEmail: THROTTLE.maxFailuresPerEmail - 1,
        failuresForIp: 0,
        oldestRelevantFailureAt: now,
        now,
      }),
    ).toEqual({ allowed: true });
  });

  it("blocks an e-mail address after too many failures until the window passes", () => {
    const oldest = new Date(now.getTime() - 5 * 60_000);
    const decision = decideThrottle({
      failuresForEmail: THROTTLE.maxFailuresPerEmail,
      failuresForIp: 0,
      oldestRelevantFailureAt: oldest,
      now,
    });
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: (THROTTLE.windowMinutes - 5) * 60 });
  });

  it("blocks an IP spraying many addresses", () => {
    const decision = decideThrottle({
      failuresForEmail: 0,
      failuresForIp: THROTTLE.maxFailuresPerIp,
      oldestRelevantFailureAt: now,
      now,
    });
    expect(decision.allowed).toBe(false);
  });
});
