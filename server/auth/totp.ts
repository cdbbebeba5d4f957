import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { Secret, TOTP } from "otpauth";
import { authSecret } from "./secret";

/*
 * TOTP (RFC 6238) as every authenticator app speaks it: SHA-1, 6 digits, 30 s
 * steps, a 160-bit secret. A code is accepted for the current step and one
 * either side (clock drift), and only for a step later than the last one
 * accepted for that user, so a code cannot be used twice.
 */
const TOTP_PERIOD_SECONDS = 30;
const DIGITS = 6;
const WINDOW = 1;
const ISSUER = "Breachdesk";

function totp(secretBase32: string, label = "staff"): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: "SHA1",
    digits: DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

/** The otpauth:// URI an authenticator app reads from the QR code. */
export function totpUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

export function totpStep(now: Date): number {
  return Math.floor(now.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code for a moment (tests and the demo's documented secret). */
export function totpCode(secretBase32: string, now: Date = new Date()): string {
  return totp(secretBase32).generate({ timestamp: now.getTime() });
}

/**
 * The time step the code belongs to, if it is right for a step within the
 * window around now and later than `lastStep`; else null.
 */
export function acceptTotpCode(input: {
  secret: string;
  code: string;
  now: Date;
  lastStep: number | null;
}): number | null {
  const delta = totp(input.secret).validate({ token: input.code, timestamp: input.now.getTime(), window: WINDOW });
  if (delta === null) return null;
  const step = totpStep(input.now) + delta;
  if (input.lastStep !== null && step <= input.lastStep) return null;
  return step;
}

// Secrets at rest: AES-256-GCM under a key derived from the app secret, bound
// to the staff user, so a copied database alone yields no secrets and a sealed
// secret moved onto another user does not open.
let cachedKey: Buffer | undefined;
function key(): Buffer {
  cachedKey ??= Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), "breachdesk totp secret v1", 32));
  return cachedKey;
}

export function sealTotpSecret(staffUserId: string, secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(staffUserId));
  const sealed = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url")}`;
}

export function openTotpSecret(staffUserId: string, sealed: string): string {
  if (!sealed.startsWith("v1.")) throw new Error("Unknown TOTP secret format");
  const bytes = Buffer.from(sealed.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(staffUserId));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
}
