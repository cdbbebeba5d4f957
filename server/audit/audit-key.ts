import { deriveAuditKey } from "../../lib/audit/chain";
import { authSecret } from "../auth/secret";
import { env } from "../env";

let cached: { source: string; key: Buffer } | undefined;

/**
 * The key the audit chain's links and head are HMACed with. It lives outside
 * the database, so someone who can write the database but not read the
 * server's configuration cannot recompute a valid chain.
 * BREACHDESK_AUDIT_KEY when set; otherwise derived from NEXTAUTH_SECRET with
 * HKDF-SHA256, which needs no new secret but ties the audit key to the session
 * secret: rotating that secret makes every keyed entry fail verification,
 * unless BREACHDESK_AUDIT_KEY is set to the old secret first (the same
 * derivation applies to both, so that gives the same key).
 */
export function auditKey(): Buffer {
  const { BREACHDESK_AUDIT_KEY } = env();
  const source = BREACHDESK_AUDIT_KEY ? `key:${BREACHDESK_AUDIT_KEY}` : `secret:${authSecret()}`;
  if (cached?.source === source) return cached.key;
  const key = deriveAuditKey(BREACHDESK_AUDIT_KEY ?? authSecret());
  cached = { source, key };
  return key;
}
