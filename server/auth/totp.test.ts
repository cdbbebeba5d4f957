import { describe, expect, it } from "vitest";
import { acceptTotpCode, newTotpSecret, openTotpSecret, sealTotpSecret, totpCode, totpStep, totpUri } from "./totp";

// RFC 6238 appendix B's SHA-1 secret ("12345678901234567890"), in base32.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";

describe("TOTP", () => {
  it("matches RFC 6238's test vectors (last six digits)", () => {
    expect(totpCode(RFC_SECRET, new Date(59_000))).toBe("287082");
    expect(totpCode(RFC_SECRET, new Date(1_111_111_109_000))).toBe("081804");
    expect(totpCode(RFC_SECRET, new Date(1_234_567_890_000))).toBe("005924");
    expect(totpCode(RFC_SECRET, new Date(20_000_000_000_000))).toBe("353130");
  });

  it("accepts the current step and one either side, and nothing further", () => {
    const now = new Date("2026-05-01T10:00:10Z");
    const at = (s: number) => new Date(now.getTime() + s * 1000);
    const step = totpStep(now);
    expect(acceptTotpCode({ secret: RFC_SECRET, code: totpCode(RFC_SECRET, now), now, lastStep: null })).toBe(step);
    expect(acceptTotpCode({ secret: RFC_SECRET, code: totpCode(RFC_SECRET, at(-30)), now, lastStep: null })).toBe(
      step - 1,
    );
    expect(acceptTotpCode({ secret: RFC_SECRET, code: totpCode(RFC_SECRET, at(30)), now, lastStep: null })).toBe(
      step + 1,
    );
    expect(acceptTotpCode({ secret: RFC_SECRET, code: totpCode(RFC_SECRET, at(-90)), now, lastStep: null })).toBeNull();
    expect(acceptTotpCode({ secret: RFC_SECRET, code: "000000", now, lastStep: null })).toBeNull();
  });

  it("refuses a code of a step already used, or an earlier one", () => {
    const now = new Date("2026-05-01T10:00:10Z");
    const code = totpCode(RFC_SECRET, now);
    const step = acceptTotpCode({ secret: RFC_SECRET, code, now, lastStep: null })!;
    expect(acceptTotpCode({ secret: RFC_SECRET, code, now, lastStep: step })).toBeNull();
    const previous = totpCode(RFC_SECRET, new Date(now.getTime() - 30_000));
    expect(acceptTotpCode({ secret: RFC_SECRET, code: previous, now, lastStep: step })).toBeNull();
  });

  it("makes 160-bit secrets and an otpauth URI naming the user", () => {
    const secret = newTotpSecret();
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(totpUri(secret, "ada@example.com")).toMatch(
      new RegExp(
        `^otpauth://totp/Breachdesk:ada%40example\\.com\\?issuer=Breachdesk&secret=${secret}&algorithm=SHA1&digits=6&period=30$`,
      ),
    );
  });

  it("seals secrets so that they open only for the same user", () => {
    const sealed = sealTotpSecret("user-a", RFC_SECRET);
    expect(sealed).not.toContain(RFC_SECRET);
    expect(openTotpSecret("user-a", sealed)).toBe(RFC_SECRET);
    expect(() => openTotpSecret("user-b", sealed)).toThrow();
  });
});
