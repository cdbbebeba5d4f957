import { createHash } from "node:crypto";

/**
 * The digest of a frozen selection, as the preview gives it and a request
 * must repeat: SHA-256 (lowercase hex) over the exchange's account ids of the
 * accounts acted on, sorted by their UTF-8 bytes, joined by "\n". The
 * database computes the same (server/remediation/preview-bulk-action.ts);
 * this is its definition, for tests and API clients.
 */
export function selectionDigest(externalIds: readonly string[]): string {
  const sorted = externalIds.map((id) => Buffer.from(id, "utf8")).sort(Buffer.compare);
  return createHash("sha256").update(Buffer.from(sorted.map((b) => b.toString("utf8")).join("\n"), "utf8")).digest("hex");
}

/** What a request's digest must look like. */
export const SELECTION_DIGEST_PATTERN = /^[0-9a-f]{64}$/;
