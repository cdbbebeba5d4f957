import { describe, expect, it } from "vitest";
import { redactAddresses, redactAddressesIn } from "./redact-addresses";

describe("redactAddresses", () => {
  it("replaces each address in text and keeps the rest", () => {
    expect(redactAddresses("Customer Jane.O'Hara+x@Mail.Example.COM asked; cc <b@c.io>.")).toBe(
      "Customer [address removed] asked; cc <[address removed]>.",
    );
  });

  it("leaves text without an address alone", () => {
    expect(redactAddresses("tier=critical,high&q=jane")).toBe("tier=critical,high&q=jane");
  });

  it("reaches strings inside objects and arrays, not keys", () => {
    expect(redactAddressesIn({ "a@b.io": ["search x@y.example", 3, null], note: { text: "to z@z.example" } })).toEqual({
      "a@b.io": ["search [address removed]", 3, null],
      note: { text: "to [address removed]" },
    });
  });
});
