import { getEvidenceKeyOperation } from "@/server/api/operations/evidence";
import { operationRoute } from "@/server/api/operation-route";
import { evidenceSigningKey } from "@/server/evidence/signing-key";

export const dynamic = "force-dynamic";

/** The public half of the key that signs evidence packs (docs/evidence-pack.md: pinning it). */
export const GET = operationRoute(getEvidenceKeyOperation, async () => {
  const { keyId, publicKeyPem } = evidenceSigningKey();
  return { status: 200, body: { algorithm: "Ed25519" as const, keyId, publicKeyPem } };
});
