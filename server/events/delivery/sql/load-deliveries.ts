import type { SqlQueryable } from "../../../db/driver";
import type { Row } from "../../../db/rows";

export type LoadedDelivery = Row<"event_deliveries", "id" | "attempts"> & {
  event_id: string;
  incident_id: string | null;
  payload: { type: string; timestamp: string; data: Record<string, unknown> };
  destination: Row<
    "event_destinations",
    "id" | "name" | "kind" | "url" | "secret" | "previous_secret" | "previous_secret_until" | "incident_id"
  >;
};

/** The claimed deliveries with their event and destination, still ours (our lease). */
export async function loadDeliveries(tx: SqlQueryable, ids: readonly string[], workerId: string): Promise<LoadedDelivery[]> {
  return tx.query<LoadedDelivery>(
    `SELECT v.id::text, v.attempts, e.id::text AS event_id, e.incident_id::text, e.payload,
            json_build_object('id', d.id::text, 'name', d.name, 'kind', d.kind::text, 'url', d.url, 'secret', d.secret,
                              'previous_secret', d.previous_secret, 'previous_secret_until', d.previous_secret_until,
                              'incident_id', d.incident_id::text) AS destination
       FROM event_deliveries v
       JOIN outgoing_events e ON e.id = v.event_id
       JOIN event_destinations d ON d.id = v.destination_id
      WHERE v.id = ANY($1::uuid[]) AND v.lease_owner = $2`,
    [ids, workerId],
  );
}
