import { describe, expect, it } from "vitest";
import { AppError } from "../errors";
import {
  canonicalJson,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  parseIdempotencyKey,
  requestHash,
  requestKeyFor,
  userIdempotencyScope,
} from "./idempotency";

describe("Idempotency-Key helpers", () => {
  it("canonical JSON ignores key order at every level, keeps array order", () => {
    expect(canonicalJson({ b: 1, a: { d: [2, 1], c: null } })).toBe('{"a":{"c":null,"d":[2,1]},"b":1}');
    expect(canonicalJson({ a: { c: null, d: [2, 1] }, b: 1 })).toBe(canonicalJson({ b: 1, a: { d: [2, 1], c: null } }));
    expect(canonicalJson([{ y: 1, x: 2 }])).toBe('[{"x":2,"y":1}]');
    expect(canonicalJson(undefined)).toBe("null");
  });

  it("the request hash covers method, path and body, not key order", () => {
    const base = { method: "POST", path: "/api/v1/bulk-actions/1/approve", body: { note: "ok", x: 1 } };
    expect(requestHash(base)).toMatch(/^[0-9a-f]{64}$/);
    expect(requestHash({ ...base, body: { x: 1, note: "ok" } })).toBe(requestHash(base));
    expect(requestHash({ ...base, method: "post" })).toBe(requestHash(base));
    expect(requestHash({ ...base, body: { note: "ok", x: 2 } })).not.toBe(requestHash(base));
    expect(requestHash({ ...base, path: "/api/v1/bulk-actions/2/approve" })).not.toBe(requestHash(base));
    expect(requestHash({ ...base, method: "PUT" })).not.toBe(requestHash(base));
  });

  it("reads the header: absent is no key; blank or longer than 255 characters is refused", () => {
    expect(parseIdempotencyKey(null)).toBeNull();
    expect(parseIdempotencyKey(" abc ")).toBe("abc");
    // The draft's structured-field string: the quotes are not part of the key.
    expect(parseIdempotencyKey('"8e03978e-40d5-43e8-bc93-6894a57f9324"')).toBe("8e03978e-40d5-43e8-bc93-6894a57f9324");
    expect(parseIdempotencyKey('"a\\"b"')).toBe('a"b');
    expect(parseIdempotencyKey("k".repeat(MAX_IDEMPOTENCY_KEY_LENGTH))).toHaveLength(255);
    for (const bad of ["", "   ", '""', "k".repeat(MAX_IDEMPOTENCY_KEY_LENGTH + 1)]) {
      let error: unknown;
      try {
        parseIdempotencyKey(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).status).toBe(422);
      expect((error as AppError).fields).toHaveProperty("Idempotency-Key");
    }
  });

  it("derives a fixed-length request key the data functions accept (8 to 200 characters)", () => {
    expect(requestKeyFor(null)).toBeUndefined();
    const long = requestKeyFor("k".repeat(255))!;
    expect(long.length).toBeGreaterThanOrEqual(8);
    expect(long.length).toBeLessThanOrEqual(200);
    expect(requestKeyFor("a")).toBe(requestKeyFor("a"));
    expect(requestKeyFor("a")).not.toBe(requestKeyFor("b"));
    expect(userIdempotencyScope("u1")).toBe("user:u1");
  });
});
