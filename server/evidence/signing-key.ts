import "server-only";
import { createPrivateKey, createPublicKey, hkdfSync, type KeyObject } from "node:crypto";
import { keyIdOf } from "../../lib/evidence/signature";
import { authSecret } from "../auth/secret";
import { env } from "../env";

export type EvidenceSigningKey = { privateKey: KeyObject; publicKeyPem: string; keyId: string };

// An Ed25519 private key is a 32-byte seed; this is its PKCS#8 wrapping (RFC 8410).
const PKCS8_ED25519_PREFIX = Buffer.from("302e020100300506032b657004220420", "hex");

let cached: { source: string; key: EvidenceSigningKey } | undefined;

/**
 * The instance's Ed25519 key that signs evidence packs. Like the audit key it
 * lives outside the database and is made once from a secret the instance
 * already keeps: BREACHDESK_EVIDENCE_KEY when set, else the session secret
 * (NEXTAUTH_SECRET, or the one generated into the data folder for the
 * embedded quick start), through HKDF-SHA256 with a label of its own. Every
 * web and worker process of one instance therefore signs with the same key,
 * with no key file to copy between hosts; rotating the secret changes the
 * key (old packs still verify against the public key they were pinned with).
 */
export function evidenceSigningKey(): EvidenceSigningKey {
  const { BREACHDESK_EVIDENCE_KEY } = env();
  const secret = BREACHDESK_EVIDENCE_KEY ?? authSecret();
  const source = `${BREACHDESK_EVIDENCE_KEY ? "key" : "secret"}:${secret}`;
  if (cached?.source === source) return cached.key;
  const seed = Buffer.from(hkdfSync("sha256", secret, "", "breachdesk evidence signing key", 32));
  const privateKey = createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]),
    format: "der",
    type: "pkcs8",
  });
  const publicKey = createPublicKey(privateKey);
  const key = {
    privateKey,
    publicKeyPem: publicKey.export({ type: "spki", format: "pem" }).toString(),
    keyId: keyIdOf(publicKey),
  };
  cached = { source, key };
  return key;
}
