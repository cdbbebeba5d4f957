import { createHash } from "node:crypto";
import { z } from "zod";

// An evidence pack is a zip of files and a manifest that names each with its
// SHA-256; the manifest alone is signed (manifest.sig), so one signature
// covers every byte of the pack.

const PACK_FORMAT = "breachdesk-evidence-pack/1";
export const MANIFEST_FILE = "manifest.json";
export const SIGNATURE_FILE = "manifest.sig";
export const SIGNING_KEY_FILE = "signing-key.pem";
export const AUDIT_FILE = "audit.jsonl";
export const ERASURE_CERTIFICATE_FILE = "erasure-certificate.json";

/** Every pack has these; erasure-certificate.json joins them once a forget run is done. */
export const REQUIRED_PACK_FILES = [
  "report.pdf",
  "timeline.json",
  "obligations.json",
  "bulk-actions.json",
  "notice-campaigns.json",
  AUDIT_FILE,
  SIGNING_KEY_FILE,
] as const;

export const PACK_REASONS = ["close", "erasure", "on_demand"] as const;
export type PackReason = (typeof PACK_REASONS)[number];

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/);

export const PackManifest = z.object({
  format: z.literal(PACK_FORMAT),
  instance: z.object({
    /** The instance's public URL, when configured. */
    url: z.string().nullable(),
    /** SHA-256 of the signing key's public key (SubjectPublicKeyInfo, DER): what an auditor pins. */
    keyId: Sha256,
  }),
  incident: z.object({ id: z.string(), slug: z.string(), title: z.string() }),
  madeAt: z.iso.datetime(),
  reason: z.enum(PACK_REASONS),
  files: z.array(z.object({ name: z.string().min(1), bytes: z.number().int().min(0), sha256: Sha256 })).min(1),
});
export type PackManifest = z.infer<typeof PackManifest>;

export type PackFile = { name: string; data: Buffer };

export function sha256Hex(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The manifest of these files (in the order given), as the bytes that are signed. */
export function manifestBytes(meta: Omit<PackManifest, "format" | "files">, files: readonly PackFile[]): Buffer {
  const manifest: PackManifest = {
    format: PACK_FORMAT,
    ...meta,
    files: files.map((file) => ({ name: file.name, bytes: file.data.length, sha256: sha256Hex(file.data) })),
  };
  return Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
}
