import { createHash } from "node:crypto";
import { canonicalDetail } from "./audit/chain";

/**
 * What a request asked for, as a digest: SHA-256 of its canonical JSON (keys
 * sorted, so their order does not matter). Kept beside a request key, it tells
 * a repeat of the same request from another request sent with the same key.
 */
export function requestFingerprint(asked: unknown): string {
  return createHash("sha256").update(canonicalDetail(asked)).digest("hex");
}
