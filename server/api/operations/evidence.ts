import { z } from "zod";
import { PACK_REASONS } from "../../../lib/evidence/manifest";
import { defineOperation } from "../operation";
import { named } from "../schemas/named";
import { SlugParams, Time, uuidParam } from "../schemas/common";

const EvidencePack = named(
  "EvidencePack",
  z.object({
    id: z.string(),
    madeAt: Time,
    reason: z.enum(PACK_REASONS).meta({
      description:
        "close: made when the incident closed; erasure: after a forget run (carries the certificate of erasure); on_demand: asked for.",
    }),
    bytes: z.number().int(),
    sha256: z.string().meta({ description: "SHA-256 of the zip, hex." }),
    madeBy: z.string().nullable().meta({ description: "Who asked for it; null when the worker made it." }),
  }),
);

export const listEvidencePacksOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/evidence-packs",
  operationId: "listEvidencePacks",
  tag: "Reports",
  summary: "The incident's signed evidence packs (docs/evidence-pack.md), newest first.",
  auth: { kind: "staff", permission: "reports.read" },
  params: SlugParams,
  responses: {
    200: { description: "The packs, without their bytes.", schema: z.object({ packs: z.array(EvidencePack) }) },
  },
});

export const downloadEvidencePackOperation = defineOperation({
  method: "GET",
  path: "/incidents/{slug}/evidence-packs/{packId}",
  operationId: "downloadEvidencePack",
  tag: "Reports",
  summary: "One evidence pack as a zip (audited): check it with `npx breachdesk evidence verify <zip> --key <pem>`.",
  auth: { kind: "staff", permission: "reports.read" },
  params: SlugParams.extend({ packId: uuidParam("No such evidence pack for this incident.") }),
  responses: {
    200: { description: "The zip.", zip: true, headers: { "X-Content-SHA256": "The zip's SHA-256, hex." } },
  },
});

export const getEvidenceKeyOperation = defineOperation({
  method: "GET",
  path: "/instance/evidence-key",
  operationId: "getEvidenceKey",
  tag: "Reports",
  summary: "The instance's Ed25519 public key that signs evidence packs: the key an auditor pins.",
  auth: { kind: "staff", permission: "incidents.read" },
  responses: {
    200: {
      description:
        "The public key (SubjectPublicKeyInfo PEM) and its id (SHA-256 of its DER), as each pack's manifest names it.",
      schema: z.object({ algorithm: z.literal("Ed25519"), keyId: z.string(), publicKeyPem: z.string() }),
    },
  },
});
