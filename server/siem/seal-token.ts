import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from "node:crypto";
import { authSecret } from "../auth/secret";

// A destination's token at rest: AES-256-GCM under a key derived from the app
// secret (as the second factor's secrets are), bound to the destination's id,
// so a copied database alone yields no token and a sealed token moved onto
// another destination does not open.

let cachedKey: Buffer | undefined;
function key(): Buffer {
  cachedKey ??= Buffer.from(hkdfSync("sha256", authSecret(), Buffer.alloc(0), "breachdesk siem token v1", 32));
  return cachedKey;
}

export function sealDestinationToken(destinationId: string, token: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  cipher.setAAD(Buffer.from(destinationId));
  const sealed = Buffer.concat([cipher.update(token, "utf8"), cipher.final()]);
  return `v1.${Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString("base64url")}`;
}

export function openDestinationToken(destinationId: string, sealed: string): string {
  if (!sealed.startsWith("v1.")) throw new Error("Unknown destination token format");
  const bytes = Buffer.from(sealed.slice(3), "base64url");
  const decipher = createDecipheriv("aes-256-gcm", key(), bytes.subarray(0, 12));
  decipher.setAAD(Buffer.from(destinationId));
  decipher.setAuthTag(bytes.subarray(bytes.length - 16));
  return Buffer.concat([decipher.update(bytes.subarray(12, bytes.length - 16)), decipher.final()]).toString("utf8");
}
