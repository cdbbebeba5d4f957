import { createHash } from "node:crypto";

/** What every pseudonymised address starts with; an address never does (":" is not allowed unquoted). */
export const PSEUDONYM_PREFIX = "pseud:";

const BLOCK = 64;

/**
 * HMAC-SHA256's inner and outer padded keys (RFC 2104): with them the
 * database computes HMAC(key, m) as sha256(opad || sha256(ipad || m)) with
 * its built-in sha256(), so addresses are hashed set-based in SQL on
 * PostgreSQL and PGlite alike, with no extension (pgcrypto) to install.
 */
export function hmacPads(key: Uint8Array): { ipad: Buffer; opad: Buffer } {
  const k = Buffer.alloc(BLOCK);
  (key.length > BLOCK ? createHash("sha256").update(key).digest() : Buffer.from(key)).copy(k);
  return { ipad: Buffer.from(k.map((b) => b ^ 0x36)), opad: Buffer.from(k.map((b) => b ^ 0x5c)) };
}

/** The pseudonym of an address under `key`, computed here (tests, checks): what the SQL writes. */
export function pseudonymOf(key: Uint8Array, address: string): string {
  const { ipad, opad } = hmacPads(key);
  const inner = createHash("sha256").update(ipad).update(address.toLowerCase(), "utf8").digest();
  return PSEUDONYM_PREFIX + createHash("sha256").update(opad).update(inner).digest("hex");
}
