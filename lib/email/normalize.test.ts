import { describe, expect, it } from "vitest";
import { checkAddress, isValidEmail, normalizeEmail, parseAddress } from "./normalize";

describe("normalizeEmail", () => {
  it("trims and lower-cases", () => {
    expect(normalizeEmail("  Jane.Doe@Example.COM ")).toBe("jane.doe@example.com");
  });

  it("drops the +tag of the local part", () => {
    expect(normalizeEmail("jane+promo@example.com")).toBe("jane@example.com");
    expect(normalizeEmail("jane+a+b@example.com")).toBe("jane@example.com");
  });

  it("keeps a +tag when dropping it would leave an empty or dot-ended local part", () => {
    expect(normalizeEmail("+promo@example.com")).toBe("+promo@example.com");
    expect(normalizeEmail("jane.+promo@example.com")).toBe("jane.+promo@example.com");
  });

  it("ignores dots only for gmail.com and googlemail.com, without merging them", () => {
    expect(normalizeEmail("Jane.Doe+x@gmail.com")).toBe("janedoe@gmail.com");
    expect(normalizeEmail("j.a.n.e@googlemail.com")).toBe("jane@googlemail.com");
    expect(normalizeEmail("jane.doe@example.com")).toBe("jane.doe@example.com");
    expect(normalizeEmail("jane.doe@mail.gmail.com")).toBe("jane.doe@mail.gmail.com");
  });

  it("puts internationalised domains in punycode", () => {
    expect(normalizeEmail("Kunde@Bücher.de")).toBe("kunde@xn--bcher-kva.de");
    expect(normalizeEmail("kunde@xn--bcher-kva.de")).toBe("kunde@xn--bcher-kva.de");
  });

  it("does not throw on text that is not an address", () => {
    expect(normalizeEmail(" Not An Address ")).toBe("not an address");
    expect(normalizeEmail("")).toBe("");
  });

  it("stays idempotent when the IDNA mapping turns invalid text into an address", () => {
    // Counterexamples fast-check found: domainToASCII drops the trailing backslash.
    for (const text of ["a+@gmail.com\\", "a.a@gmail.com\\"]) {
      const once = normalizeEmail(text);
      expect(once).toBe(normalizeEmail(once));
    }
    expect(normalizeEmail("a.a@gmail.com\\")).toBe("aa@gmail.com");
  });
});

describe("isValidEmail", () => {
  it.each([
    "jane@example.com",
    "jane.doe+tag@sub.example.co.uk",
    "o'brien@example.ie",
    "x@bücher.de",
    "a_b-c@xn--bcher-kva.de",
    "1234@example.museum",
  ])("accepts %s", (address) => {
    expect(isValidEmail(address)).toBe(true);
  });

  it.each([
    "",
    "jane",
    "@example.com",
    "jane@",
    "jane@example",
    "jane@.example.com",
    "jane@example..com",
    "jane@-example.com",
    "jane@example-.com",
    "jane@example.c",
    "jane@1.2.3.4",
    "jane@[1.2.3.4]",
    "jane@example.com.",
    ".jane@example.com",
    "jane.@example.com",
    "ja..ne@example.com",
    "ja ne@example.com",
    " jane@example.com",
    '"jane doe"@example.com',
    "jäne@example.com",
    "jane@exa_mple.com",
    "jane@example.com>",
    `${"a".repeat(65)}@example.com`,
    `jane@${"a".repeat(64)}.com`,
    `${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(60)}.com`,
  ])("rejects %j", (address) => {
    expect(isValidEmail(address)).toBe(false);
  });
});

describe("checkAddress", () => {
  it("names the problem", () => {
    expect(checkAddress("")).toEqual({ ok: false, reason: "empty address" });
    expect(checkAddress("jane.example.com")).toEqual({ ok: false, reason: "missing @" });
    expect(checkAddress("jane@example")).toEqual({ ok: false, reason: "invalid domain" });
    expect(checkAddress("ja ne@example.com")).toEqual({ ok: false, reason: "invalid local part" });
    expect(checkAddress(`${"a".repeat(65)}@example.com`)).toEqual({ ok: false, reason: "local part too long" });
    expect(checkAddress(`${"a".repeat(64)}@${"b".repeat(63)}.${"c".repeat(63)}.${"d".repeat(60)}.com`)).toEqual({
      ok: false,
      reason: "address too long",
    });
  });
});

describe("parseAddress", () => {
  it("accepts a bare address, keeping it as written", () => {
    expect(parseAddress("  Jane@Example.com ")).toEqual({ ok: true, address: "Jane@Example.com", displayName: null });
  });

  it("accepts the name-addr forms", () => {
    expect(parseAddress('"Doe, Jane" <jane@example.com>')).toEqual({
      ok: true,
      address: "jane@example.com",
      displayName: "Doe, Jane",
    });
    expect(parseAddress("Jane Doe <Jane@Example.com>")).toEqual({
      ok: true,
      address: "Jane@Example.com",
      displayName: "Jane Doe",
    });
    expect(parseAddress("<jane@example.com>")).toEqual({ ok: true, address: "jane@example.com", displayName: null });
    expect(parseAddress('"Jane \\"JD\\" Doe" <jane@example.com>')).toMatchObject({ displayName: 'Jane "JD" Doe' });
  });

  it("gives short reasons", () => {
    expect(parseAddress("   ")).toEqual({ ok: false, reason: "empty address" });
    expect(parseAddress("jane")).toEqual({ ok: false, reason: "missing @" });
    expect(parseAddress("jane@localhost")).toEqual({ ok: false, reason: "invalid domain" });
    expect(parseAddress("Jane <jane@example.com")).toEqual({ ok: false, reason: "malformed name <address> form" });
    expect(parseAddress("Jane <jane@localhost>")).toEqual({ ok: false, reason: "invalid domain" });
  });

  it("refuses several addresses in one cell", () => {
    for (const cell of [
      "a@example.com, b@example.com",
      "a@example.com; b@example.com",
      "a@example.com b@example.com",
      "a@example.com, Bea <b@example.com>",
      "Ann <a@example.com>, Bea <b@example.com>",
    ]) {
      expect(parseAddress(cell)).toEqual({ ok: false, reason: "several addresses in one cell" });
    }
  });
});
