import type { Row } from "../../db/rows";
import { claimSql } from "../../jobs/claim";

export type ClaimedDestination = Row<
  "audit_forward_destinations",
  "id" | "name" | "kind" | "host" | "port" | "url" | "ca_pem" | "token_sealed" | "cursor_id" | "attempts"
>;

/**
 * The next enabled destination behind the chain's head whose retry is due and
 * which nobody holds (or whose holder's lease ran out: takeover). One holder
 * at a time per destination: entries leave in chain order.
 */
export const CLAIM_DESTINATION = claimSql({
  table: "audit_forward_destinations",
  alias: "d",
  keys: ["id"],
  due: `d.enabled AND d.run_after <= now()
            AND (d.lease_expires_at IS NULL OR d.lease_expires_at < now())
            AND d.cursor_id < (SELECT h.last_id FROM audit_chain_head h WHERE h.id = 1)`,
  orderBy: "d.run_after, d.id",
  limit: 1,
  returning: "d.id::text, d.name, d.kind, d.host, d.port, d.url, d.ca_pem, d.token_sealed, d.cursor_id, d.attempts",
});
