import { createHash, randomBytes } from "node:crypto";

// "bd_" + 256 random bits. With that much entropy a slow password hash buys
// nothing; SHA-256 lets the token be looked up by an index.
const TOKEN = /^bd_[A-Za-z0-9_-]{43}$/;

export function generateApiToken(): { token: string; hash: string; prefix: string } {
  const token = `bd_${randomBytes(32).toString("base64url")}`;
  return { token, hash: hashApiToken(token), prefix: token.slice(0, 10) };
}

export function hashApiToken(token: string): string {
  return createHash("sha256").update(token, "utf8").digest("hex");
}

export function looksLikeApiToken(value: string): boolean {
  return TOKEN.test(value);
}

/** The token from "Authorization: Bearer <token>", or null. */
export function bearerToken(authorization: string | null | undefined): string | null {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  return match?.[1] ?? null;
}
