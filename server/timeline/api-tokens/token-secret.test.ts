import { describe, expect, it } from "vitest";
import { bearerToken, generateApiToken, hashApiToken, looksLikeApiToken } from "./token-secret";

describe("API token secrets", () => {
  it("are random, well-formed and stored only as their SHA-256", () => {
    const a = generateApiToken();
    const b = generateApiToken();
    expect(a.token).not.toBe(b.token);
    expect(looksLikeApiToken(a.token)).toBe(true);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.hash).toBe(hashApiToken(a.token));
    expect(a.hash).not.toContain(a.token.slice(3));
    expect(a.token.startsWith(a.prefix)).toBe(true);
  });

  it("reads bearer tokens from the Authorization header only", () => {
    expect(bearerToken("Bearer bd_abc")).toBe("bd_abc");
    expect(bearerToken("bearer   bd_abc ")).toBe("bd_abc");
    expect(bearerToken("Basic dXNlcjpwYXNz")).toBeNull();
    expect(bearerToken("Bearer")).toBeNull();
    expect(bearerToken("Bearer a b")).toBeNull();
    expect(bearerToken(null)).toBeNull();
    expect(looksLikeApiToken("bd_short")).toBe(false);
  });
});
