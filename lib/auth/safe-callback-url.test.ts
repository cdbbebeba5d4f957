import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { safeCallbackUrl } from "./safe-callback-url";

const BASE = "http://localhost:3000";

describe("safeCallbackUrl", () => {
  it("keeps same-site paths", () => {
    expect(safeCallbackUrl("/incidents/abc?tab=1")).toBe("/incidents/abc?tab=1");
    expect(safeCallbackUrl("/incidents/abc#x")).toBe("/incidents/abc#x");
  });

  it("refuses open redirects and loops", () => {
    for (const bad of [
      "https://evil.example",
      "//evil.example",
      "/\\evil.example",
      "javascript:alert(1)",
      "/login",
      "/login?callbackUrl=/x",
      "/api/v1/staff",
      "",
    ]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
    expect(safeCallbackUrl(undefined)).toBe("/");
  });

  it("refuses callbacks that a browser resolves to another origin (tab, newline, CR, backslash)", () => {
    for (const bad of [
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r/evil.example",
      "/\t\\evil.example",
      "\\/evil.example",
    ]) {
      expect(safeCallbackUrl(bad)).toBe("/");
    }
  });

  it("returns a header-safe value for control and non-Latin-1 characters", () => {
    expect(safeCallbackUrl("/incidents/\u2603")).toBe("/incidents/%E2%98%83");
    expect(safeCallbackUrl("/incidents\r\nSet-Cookie: x=1")).toMatch(/^\/[\x21-\x7e]*$/);
  });

  it("never leaves the origin and never yields a value a Location header rejects (property)", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme", maxLength: 40 }), fc.string({ maxLength: 10 }), (tail, head) => {
        for (const input of [`/${tail}`, `${head}${tail}`, `/${head}/${tail}`]) {
          const result = safeCallbackUrl(input);
          expect(new URL(result, BASE).origin).toBe(BASE);
          expect(() => new Headers({ Location: result })).not.toThrow();
        }
      }),
    );
  });
});
