import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "../env";

let cached: string | undefined;

/**
 * NEXTAUTH_SECRET when set (required with PostgreSQL, i.e. in production).
 * For the embedded quick start, a random secret is made once and kept in the
 * data folder (mode 0600), so sessions survive restarts.
 */
export function authSecret(): string {
  if (cached) return cached;
  const { NEXTAUTH_SECRET, DATABASE_URL, NODE_ENV, dataDir } = env();
  if (NEXTAUTH_SECRET) return (cached = NEXTAUTH_SECRET);
  if (DATABASE_URL && NODE_ENV === "production") {
    throw new Error("NEXTAUTH_SECRET must be set when running on PostgreSQL in production.");
  }
  const file = path.join(dataDir, "auth-secret");
  try {
    cached = fs.readFileSync(file, "utf8").trim();
  } catch {
    fs.mkdirSync(dataDir, { recursive: true });
    const secret = randomBytes(32).toString("base64url");
    try {
      fs.writeFileSync(file, secret, { mode: 0o600, flag: "wx" });
      cached = secret;
    } catch {
      // Another process wrote it first: use theirs.
      cached = fs.readFileSync(file, "utf8").trim();
    }
  }
  return cached;
}
