import type { ChainedContent } from "../../lib/audit/chain";

/** The columns an entry's hash covers, selected in the form chainedContentOf reads. */
export const CHAINED_COLUMNS =
  "id, at, actor_id::text, actor_email, action, incident_id::text, target_type, target_id, detail, ip";

export type ChainedRow = {
  id: number;
  at: Date | string;
  actor_id: string | null;
  actor_email: string | null;
  action: string;
  incident_id: string | null;
  target_type: string | null;
  target_id: string | null;
  detail: unknown;
  ip: string | null;
};

/** A stored entry as the chain hashes it (both drivers hand jsonb back parsed). */
export function chainedContentOf(row: ChainedRow): ChainedContent {
  return {
    id: Number(row.id),
    at: new Date(row.at),
    actorId: row.actor_id,
    actorEmail: row.actor_email,
    action: row.action,
    incidentId: row.incident_id,
    targetType: row.target_type,
    targetId: row.target_id,
    detail: row.detail,
    ip: row.ip,
  };
}
