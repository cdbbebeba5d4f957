import { describe, expect, it } from "vitest";
import { backoffSeconds } from "./backoff";

describe("backoffSeconds", () => {
  it("doubles per attempt from the base, within the cap and the exponent's limit", () => {
    expect(backoffSeconds(1, { baseSeconds: 1, capSeconds: 60 })).toBe(2);
    expect(backoffSeconds(5, { baseSeconds: 1, capSeconds: 60 })).toBe(32);
    expect(backoffSeconds(9, { baseSeconds: 1, capSeconds: 60 })).toBe(60);
    expect(backoffSeconds(1, { baseSeconds: 0.5, capSeconds: 60, maxExponent: 7 })).toBe(1);
    expect(backoffSeconds(20, { baseSeconds: 0.5, capSeconds: 60, maxExponent: 7 })).toBe(60);
    expect(backoffSeconds(20, { baseSeconds: 30, maxExponent: 16 })).toBe(30 * 2 ** 16);
  });
});
