import { AuditSegmentError, checkAuditSegment, type AuditSegmentReport } from "./audit-segment";
import {
  AUDIT_FILE,
  MANIFEST_FILE,
  PackManifest,
  REQUIRED_PACK_FILES,
  SIGNATURE_FILE,
  SIGNING_KEY_FILE,
  sha256Hex,
} from "./manifest";
import { keyIdOf, publicKeyFromPem, signatureMatches } from "./signature";

export type PackVerification =
  | {
      ok: true;
      manifest: PackManifest;
      /** Which key the signature was checked against: the one pinned, or only the pack's own. */
      key: { id: string; pinned: boolean };
      files: number;
      audit: AuditSegmentReport;
      warnings: string[];
    }
  | { ok: false; failure: string; warnings: string[] };

class PackFailure extends Error {}

function fail(message: string): never {
  throw new PackFailure(message);
}

function keyFrom(pem: string, where: string) {
  try {
    return publicKeyFromPem(pem);
  } catch (error) {
    return fail(`${where}: not an Ed25519 public key (${(error as Error).message})`);
  }
}

function checkSignature(files: ReadonlyMap<string, Buffer>, pinnedKeyPem: string | undefined, warnings: string[]) {
  const manifest = files.get(MANIFEST_FILE) ?? fail(`${MANIFEST_FILE} is missing`);
  const signature = files.get(SIGNATURE_FILE) ?? fail(`${SIGNATURE_FILE} is missing`);
  const packKeyPem = files.get(SIGNING_KEY_FILE)?.toString("utf8");
  const pem = pinnedKeyPem ?? packKeyPem ?? fail(`${SIGNING_KEY_FILE} is missing and no key was given`);
  const key = keyFrom(pem, pinnedKeyPem ? "the pinned key" : SIGNING_KEY_FILE);
  if (!pinnedKeyPem) {
    warnings.push(
      `the signature was checked against the pack's own ${SIGNING_KEY_FILE}, which proves integrity, not origin: pin the instance's key with --key`,
    );
  } else if (packKeyPem && keyIdOf(keyFrom(packKeyPem, SIGNING_KEY_FILE)) !== keyIdOf(key)) {
    warnings.push(
      `the pack's ${SIGNING_KEY_FILE} is not the pinned key (the signature was checked against the pinned key)`,
    );
  }
  if (!signatureMatches(manifest, signature.toString("utf8"), pem)) {
    fail(`${SIGNATURE_FILE}: the signature does not match ${MANIFEST_FILE} under key ${keyIdOf(key)}`);
  }
  return { manifest, key: { id: keyIdOf(key), pinned: pinnedKeyPem !== undefined } };
}

function parseManifest(bytes: Buffer): PackManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    return fail(`${MANIFEST_FILE}: not JSON`);
  }
  const parsed = PackManifest.safeParse(json);
  if (!parsed.success)
    return fail(`${MANIFEST_FILE}: ${parsed.error.issues[0]?.path.join(".")}: ${parsed.error.issues[0]?.message}`);
  return parsed.data;
}

function checkFiles(files: ReadonlyMap<string, Buffer>, manifest: PackManifest): void {
  const listed = new Set<string>();
  for (const entry of manifest.files) {
    if (listed.has(entry.name)) fail(`${MANIFEST_FILE}: ${entry.name} is listed twice`);
    listed.add(entry.name);
    const data = files.get(entry.name) ?? fail(`${entry.name} is missing (listed in the manifest)`);
    if (sha256Hex(data) !== entry.sha256) fail(`${entry.name}: its SHA-256 differs from the manifest's`);
    if (data.length !== entry.bytes) fail(`${entry.name}: its size differs from the manifest's`);
  }
  for (const name of REQUIRED_PACK_FILES) if (!listed.has(name)) fail(`${name} is not in the manifest`);
  for (const name of files.keys()) {
    if (!listed.has(name) && name !== MANIFEST_FILE && name !== SIGNATURE_FILE)
      fail(`${name}: an extra file, not in the manifest`);
  }
}

/**
 * Verifies a pack's files (by name): the manifest's signature (against the
 * pinned key, else the pack's own with a warning), every file's SHA-256 and
 * size, no file missing or extra, then the audit segment offline (with the
 * audit key when given). Stops at the first failure and names it.
 */
export function verifyPack(
  files: ReadonlyMap<string, Buffer>,
  options: { pinnedKeyPem?: string; auditKey?: Uint8Array } = {},
): PackVerification {
  const warnings: string[] = [];
  try {
    const { manifest: bytes, key } = checkSignature(files, options.pinnedKeyPem, warnings);
    const manifest = parseManifest(bytes);
    if (key.id !== manifest.instance.keyId) {
      warnings.push(`the manifest names key ${manifest.instance.keyId}, the signature was checked against ${key.id}`);
    }
    checkFiles(files, manifest);
    let audit: AuditSegmentReport;
    try {
      audit = checkAuditSegment(files.get(AUDIT_FILE)!.toString("utf8"), manifest.incident.id, options.auditKey);
    } catch (error) {
      if (error instanceof AuditSegmentError) fail(`${AUDIT_FILE}: ${error.message}`);
      throw error;
    }
    if (audit.hashesNotCheckable > 0) {
      warnings.push(
        `${audit.hashesNotCheckable} keyed audit entries were checked for order and links, not content: their HMAC needs the audit key (--audit-secret)`,
      );
    }
    return { ok: true, manifest, key, files: manifest.files.length, audit, warnings };
  } catch (error) {
    if (error instanceof PackFailure) return { ok: false, failure: error.message, warnings };
    throw error;
  }
}
