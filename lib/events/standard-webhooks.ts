import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

// Standard Webhooks (standardwebhooks.com): the receiver checks
// `webhook-signature` = "v1,<base64 HMAC-SHA256 of `id.timestamp.body`>" under
// the secret's bytes (the base64 after "whsec_"). Several signatures,
// space-separated, let a rotation keep the old secret valid for a while.

const PREFIX = "whsec_";

/** A fresh secret: 32 random bytes, as "whsec_<base64>". */
export function newWebhookSecret(): string {
  return PREFIX + randomBytes(32).toString("base64");
}

function secretBytes(secret: string): Buffer {
  if (!secret.startsWith(PREFIX)) throw new Error("A webhook secret starts with whsec_.");
  return Buffer.from(secret.slice(PREFIX.length), "base64");
}

/** One "v1,<base64>" signature of a message. */
export function webhookSignature(secret: string, id: string, timestampSeconds: number, body: string): string {
  const mac = createHmac("sha256", secretBytes(secret)).update(`${id}.${timestampSeconds}.${body}`).digest("base64");
  return `v1,${mac}`;
}

/** The three headers, signed with each secret (the current one first). */
export function standardWebhookHeaders(
  secrets: readonly string[],
  message: { id: string; timestampSeconds: number; body: string },
): { "webhook-id": string; "webhook-timestamp": string; "webhook-signature": string } {
  return {
    "webhook-id": message.id,
    "webhook-timestamp": String(message.timestampSeconds),
    "webhook-signature": secrets.map((s) => webhookSignature(s, message.id, message.timestampSeconds, message.body)).join(" "),
  };
}

/** Whether any signature in the header is the secret's for this message (constant-time compare). */
export function verifyWebhookSignature(
  secret: string,
  headers: { id: string; timestamp: string; signature: string },
  body: string,
): boolean {
  const expected = Buffer.from(webhookSignature(secret, headers.id, Number(headers.timestamp), body));
  return headers.signature.split(" ").some((candidate) => {
    const given = Buffer.from(candidate);
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
}
