import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { checkAddress, isValidEmail, normalizeEmail, parseAndNormalizeAddress, parseAddress } from "./normalize";

// Characters that stress the validator: separators, quotes, brackets, dots, hyphens,
// non-ASCII letters, an invisible character and full-width forms IDNA maps to ASCII.
const tricky = fc.constantFrom(
  "a",
  "Z",
  "0",
  "9",
  ".",
  "-",
  "_",
  "+",
  "@",
  " ",
  "\t",
  '"',
  "<",
  ">",
  ",",
  ";",
  ":",
  "[",
  "]",
  "\\",
  "'",
  "!",
  "#",
  "é",
  "ü",
  "ß",
  "İ",
  "\u200b",
  "ｅ",
  "。",
  "xn--",
  ".com",
  "@gmail.com",
  "@bücher.de",
);
const trickyText = fc.array(tricky, { maxLength: 24 }).map((parts) => parts.join(""));
const anyText = fc.oneof(fc.string(), fc.string({ unit: "binary" }), trickyText);
const zodEmail = z.email();

describe("normalizeEmail properties", () => {
  it("is idempotent on any text", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const once = normalizeEmail(text);
        expect(normalizeEmail(once)).toBe(once);
      }),
      { numRuns: 3000 },
    );
  });

  it("is idempotent on generated addresses and keeps them valid", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.boolean(), (address, upper) => {
        const text = upper ? address.toUpperCase() : address;
        const once = normalizeEmail(text);
        expect(normalizeEmail(once)).toBe(once);
        if (isValidEmail(text)) expect(isValidEmail(once)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });
});

describe("address acceptance properties", () => {
  it("never accepts an address that parses to something invalid", () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const parsed = parseAndNormalizeAddress(text);
        if (!parsed.ok) {
          expect(parsed.reason.length).toBeGreaterThan(0);
          return;
        }
        expect(isValidEmail(parsed.address)).toBe(true);
        expect(isValidEmail(parsed.normalized)).toBe(true);
        expect(parsed.normalized).toBe(normalizeEmail(parsed.address));
        expect(parseAddress(text)).toEqual({ ok: true, address: parsed.address, displayName: parsed.displayName });
      }),
      { numRuns: 5000 },
    );
  });

  it("agrees with zod's validator wherever zod's narrower syntax applies", () => {
    // zod's regex allows only [A-Za-z0-9_'+.-] and an alphabetic top-level label; inside
    // that alphabet anything accepted here must be accepted by zod too.
    const simple = fc
      .array(fc.constantFrom("a", "B", "0", ".", "-", "_", "+", "@", "co", "uk"), { maxLength: 20 })
      .map((parts) => parts.join(""));
    fc.assert(
      fc.property(simple, (text) => {
        if (isValidEmail(text) && /\.[A-Za-z]{2,}$/.test(text)) {
          expect(zodEmail.safeParse(text).success).toBe(true);
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("accepts fast-check's RFC addresses unless they use syntax documented as refused", () => {
    fc.assert(
      fc.property(fc.emailAddress(), (address) => {
        const domain = address.slice(address.lastIndexOf("@") + 1);
        const topLevel = domain.split(".").at(-1) ?? "";
        const refused = /^\d+$/.test(topLevel) || topLevel.length < 2;
        if (!refused) expect(isValidEmail(address)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("reads an address in its normal form (checked in place) as it reads the same address in capitals", () => {
    // Upper-case ASCII letters send an address down the path that lower-cases and copies
    // it, so the two paths are compared on every input, valid or not.
    const upper = (text: string) => text.replace(/[a-z]/g, (c) => c.toUpperCase());
    const trickyAddress = fc
      .tuple(trickyText, fc.constantFrom("@", "@gmail.com", "@googlemail.com", "@xn--bcher-kva.de"), trickyText)
      .map(([local, at, domain]) => `${local}${at}${domain}`);
    fc.assert(
      fc.property(fc.oneof(fc.emailAddress(), trickyAddress, anyText), (text) => {
        const lower = text.replace(/[A-Z]/g, (c) => c.toLowerCase());
        expect(checkAddress(lower)).toEqual(checkAddress(upper(lower)));
      }),
      { numRuns: 5000 },
    );
  });
});
