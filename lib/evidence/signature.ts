import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { sha256Hex } from "./manifest";

// Ed25519 over the manifest's exact bytes; the signature travels as base64 text.

export function signBytes(data: Uint8Array, privateKey: KeyObject): string {
  return `${sign(null, data, privateKey).toString("base64")}\n`;
}

/** False for a signature that does not match, and for text that is no signature at all. */
export function signatureMatches(data: Uint8Array, signatureText: string, publicKeyPem: string): boolean {
  const signature = Buffer.from(signatureText.trim(), "base64");
  if (signature.length !== 64) return false;
  return verify(null, data, publicKeyFromPem(publicKeyPem), signature);
}

/** An Ed25519 public key from PEM; throws on anything else. */
export function publicKeyFromPem(pem: string): KeyObject {
  const key = createPublicKey(pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error(`not an Ed25519 key (${key.asymmetricKeyType})`);
  return key;
}

/** The key's id: SHA-256 of its SubjectPublicKeyInfo (DER), in hex. */
export function keyIdOf(publicKey: KeyObject): string {
  return sha256Hex(publicKey.export({ type: "spki", format: "der" }));
}
