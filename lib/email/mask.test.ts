import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskEmail } from "./mask";

describe("maskEmail", () => {
  it("keeps the first character and the domain", () => {
    expect(maskEmail("jane.doe@example.com")).toBe("j***@example.com");
    expect(maskEmail("a@b.io")).toBe("a***@b.io");
  });

  it("masks input that is not an address entirely", () => {
    expect(maskEmail("no-at-sign")).toBe("***");
    expect(maskEmail("@example.com")).toBe("***");
  });

  it("never reveals more than one character of the local part", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const masked = maskEmail(address);
        const at = address.lastIndexOf("@");
        // Exactly: first character, three stars, then the domain part.
        expect(masked).toBe(`${address[0]}***${address.slice(at)}`);
        expect(masked.length).toBe(4 + address.length - at);
      }),
    );
  });
});
