import { describe, expect, it } from "vitest";
import { redactAddresses, REDACTED_ADDRESS } from "./redact-addresses";

describe("redactAddresses", () => {
  it("replaces every address at any depth but those kept", () => {
    const keep = new Set(["dpo@company.example"]);
    const value = {
      title: "Called Jane.Doe+x@Example.com back",
      list: ["dpo@company.example", { audience: "email:bob@mail.example.co.uk OR x" }],
      n: 3,
      none: null,
    };
    expect(redactAddresses(value, keep)).toEqual({
      title: `Called ${REDACTED_ADDRESS} back`,
      list: ["dpo@company.example", { audience: `email:${REDACTED_ADDRESS} OR x` }],
      n: 3,
      none: null,
    });
  });

  it("leaves text without an address as it is", () => {
    expect(redactAddresses("Sending stopped at 10:02 @ the MTA", new Set())).toBe("Sending stopped at 10:02 @ the MTA");
  });
});
