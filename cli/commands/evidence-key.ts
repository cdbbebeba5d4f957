import { evidenceSigningKey } from "../../server/evidence/signing-key";
import type { CommandContext } from "../context";

/**
 * `breachdesk evidence key`: the instance's public signing key, for pinning
 * (docs/evidence-pack.md). Reads the configuration only, never the database:
 * run it with the server's environment.
 */
export async function runEvidenceKey(
  ctx: CommandContext,
): Promise<{ algorithm: "Ed25519"; keyId: string; publicKeyPem: string }> {
  const { keyId, publicKeyPem } = evidenceSigningKey();
  ctx.log(`Evidence signing key ${keyId}:\n${publicKeyPem}`);
  return { algorithm: "Ed25519", keyId, publicKeyPem };
}
