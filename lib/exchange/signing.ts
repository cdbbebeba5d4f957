import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { SIGNATURE_TOLERANCE_SECONDS } from "./contract";

// Request signing for the provider contract, both ways (Breachdesk -> exchange
// calls, exchange -> Breachdesk webhooks). HMAC-SHA256 with a shared secret
// over the timestamp, a nonce, the method, the path (with its query) and the
// raw body. The sender signs with every active secret (one `v1=` each), so a
// secret can be rotated without downtime: add the new one on both sides,
// then remove the old one.

export const SIGNATURE_HEADERS = {
  timestamp: "x-breachdesk-timestamp",
  nonce: "x-breachdesk-nonce",
  signature: "x-breachdesk-signature",
} as const;

type SignedParts = { method: string; path: string; timestamp: number; nonce: string; body: string };

function signaturePayload(parts: SignedParts): string {
  return `${parts.timestamp}\n${parts.nonce}\n${parts.method.toUpperCase()}\n${parts.path}\n${parts.body}`;
}

function hmacHex(secret: string, payload: string): string {
  return createHmac("sha256", secret).update(payload, "utf8").digest("hex");
}

/** The headers that sign a request; `now` in milliseconds. */
export function signRequest(
  request: { method: string; path: string; body: string },
  secrets: readonly string[],
  options: { now?: number; nonce?: string } = {},
): Record<string, string> {
  if (secrets.length === 0) throw new Error("No signing secret configured");
  const timestamp = Math.floor((options.now ?? Date.now()) / 1000);
  const nonce = options.nonce ?? randomBytes(16).toString("hex");
  const payload = signaturePayload({ ...request, timestamp, nonce });
  return {
    [SIGNATURE_HEADERS.timestamp]: String(timestamp),
    [SIGNATURE_HEADERS.nonce]: nonce,
    [SIGNATURE_HEADERS.signature]: secrets.map((secret) => `v1=${hmacHex(secret, payload)}`).join(","),
  };
}

type SignatureFailure = "missing_signature" | "malformed_signature" | "timestamp_out_of_window" | "bad_signature";
export type SignatureCheck = { ok: true; nonce: string; timestamp: number } | { ok: false; reason: SignatureFailure; message: string };

type HeaderSource = { get(name: string): string | null } | Record<string, string | string[] | undefined>;

function header(headers: HeaderSource, name: string): string | null {
  if (typeof (headers as { get?: unknown }).get === "function") return (headers as { get(n: string): string | null }).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

type SignatureHeaders =
  | { ok: true; timestamp: number; nonce: string; given: string[] }
  | { ok: false; reason: "missing_signature" | "malformed_signature"; message: string };

/**
 * The signature headers, if all three are there and well-formed: what a
 * request must have before it is worth checking (or recording) at all.
 */
export function readSignatureHeaders(headers: HeaderSource): SignatureHeaders {
  const timestampText = header(headers, SIGNATURE_HEADERS.timestamp);
  const nonce = header(headers, SIGNATURE_HEADERS.nonce);
  const signature = header(headers, SIGNATURE_HEADERS.signature);
  if (!timestampText || !nonce || !signature)
    return { ok: false, reason: "missing_signature", message: "The request is not signed (timestamp, nonce and signature headers are required)." };
  if (!/^\d{1,12}$/.test(timestampText) || !/^[A-Za-z0-9_-]{16,128}$/.test(nonce))
    return { ok: false, reason: "malformed_signature", message: "The timestamp or nonce header is malformed." };
  const given = signature
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.startsWith("v1="))
    .map((part) => part.slice(3));
  // Hex in either letter case (an HMAC library's default varies): the bytes
  // are compared, never the text.
  if (given.length === 0 || given.some((hex) => !/^[0-9a-fA-F]{64}$/.test(hex)))
    return { ok: false, reason: "malformed_signature", message: "The signature header has no valid v1 signature." };
  return { ok: true, timestamp: Number(timestampText), nonce, given };
}

/**
 * Checks a request's signature against the active secrets and its timestamp
 * against the window. Replays (a nonce seen before) are the caller's to
 * refuse: it keeps the nonces it has accepted for longer than the window.
 */
export function verifySignature(
  request: { method: string; path: string; body: string; headers: HeaderSource },
  secrets: readonly string[],
  options: { now?: number; toleranceSeconds?: number } = {},
): SignatureCheck {
  const shape = readSignatureHeaders(request.headers);
  if (!shape.ok) return shape;
  const { timestamp, nonce, given } = shape;
  const now = options.now ?? Date.now();
  const tolerance = options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS;
  if (Math.abs(now / 1000 - timestamp) > tolerance)
    return {
      ok: false,
      reason: "timestamp_out_of_window",
      message: `The timestamp is more than ${tolerance} seconds from the receiver's clock.`,
    };
  const payload = signaturePayload({ method: request.method, path: request.path, timestamp, nonce, body: request.body });
  for (const secret of secrets) {
    const expected = Buffer.from(hmacHex(secret, payload), "hex");
    for (const hex of given) {
      if (timingSafeEqual(expected, Buffer.from(hex, "hex"))) return { ok: true, nonce, timestamp };
    }
  }
  return { ok: false, reason: "bad_signature", message: "The signature does not match any active secret." };
}
