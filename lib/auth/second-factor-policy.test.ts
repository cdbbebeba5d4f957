import { describe, expect, it } from "vitest";
import { parseSecondFactorInput, secondFactorIsRecent, secondFactorRequired } from "./second-factor-policy";

describe("the second factor policy", () => {
  it("is required for admins and bulk approvers, and for anyone enrolled", () => {
    expect(secondFactorRequired({ role: "admin", totpEnabled: false })).toBe(true);
    expect(secondFactorRequired({ role: "security_analyst", totpEnabled: false })).toBe(true);
    expect(secondFactorRequired({ role: "support_agent", totpEnabled: false })).toBe(false);
    expect(secondFactorRequired({ role: "manager", totpEnabled: false })).toBe(false);
    expect(secondFactorRequired({ role: "manager", totpEnabled: true })).toBe(true);
  });

  it("counts a second factor as recent up to the maximum age, never when there was none", () => {
    const now = new Date("2026-01-01T12:00:00Z");
    const ago = (s: number) => new Date(now.getTime() - s * 1000);
    expect(secondFactorIsRecent(ago(300), now, 300)).toBe(true);
    expect(secondFactorIsRecent(ago(301), now, 300)).toBe(false);
    expect(secondFactorIsRecent(ago(-60), now, 300)).toBe(true);
    expect(secondFactorIsRecent(null, now, 300)).toBe(false);
    expect(secondFactorIsRecent(ago(1), now, 0)).toBe(false);
  });

  it("tells a TOTP code from a recovery code", () => {
    expect(parseSecondFactorInput(" 123 456 ")).toEqual({ kind: "totp", code: "123456" });
    expect(parseSecondFactorInput("ABCDE-23456")).toEqual({ kind: "recovery", code: "abcde23456" });
    expect(parseSecondFactorInput("12345")).toBeNull();
    expect(parseSecondFactorInput("abcde-1234!")).toBeNull();
  });
});
