import { createHmac, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pseudonymOf } from "./keyed-hash";

describe("pseudonymOf", () => {
  it("is HMAC-SHA256 of the lower-cased address, hex, after the prefix", () => {
    const key = randomBytes(32);
    const expected = createHmac("sha256", key).update("alice.o'hara@example.com").digest("hex");
    expect(pseudonymOf(key, "Alice.O'Hara@Example.COM")).toBe(`pseud:${expected}`);
  });

  it("hashes a key longer than a block first, as HMAC does", () => {
    const key = randomBytes(100);
    expect(pseudonymOf(key, "x@y.example")).toBe(
      `pseud:${createHmac("sha256", key).update("x@y.example").digest("hex")}`,
    );
  });
});
