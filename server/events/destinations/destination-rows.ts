import type { DeliveryView, DestinationView } from "../../../lib/events/contracts";
import type { Db } from "../../db";
import { AppError } from "../../errors";
import { maskedUrl } from "../outbound-target";

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

type DestinationRow = {
  id: string;
  name: string;
  kind: DestinationView["kind"];
  url: string | null;
  incident_id: string | null;
  event_types: string[] | null;
  enabled: boolean;
  disabled_reason: string | null;
  consecutive_failures: number;
  breaker_open_until: Date | string | null;
  created_at: Date | string;
};

const COLUMNS = `id::text, name, kind::text, url, incident_id::text, event_types, enabled, disabled_reason, consecutive_failures,
                 breaker_open_until, created_at`;

function view(row: DestinationRow): DestinationView {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    url: maskedUrl(row.url),
    incidentId: row.incident_id,
    eventTypes: row.event_types ?? [],
    enabled: row.enabled,
    disabledReason: row.disabled_reason,
    consecutiveFailures: Number(row.consecutive_failures),
    breakerOpenUntil: iso(row.breaker_open_until),
    createdAt: iso(row.created_at)!,
  };
}

/** Every destination, newest first, as admins see them. */
export async function listDestinations(db: Db): Promise<DestinationView[]> {
  const rows = await db.sql.query<DestinationRow>(`SELECT ${COLUMNS} FROM event_destinations ORDER BY created_at DESC, id`);
  return rows.map(view);
}

export async function getDestinationOrThrow(db: Db, id: string): Promise<DestinationView> {
  const [row] = await db.sql.query<DestinationRow>(`SELECT ${COLUMNS} FROM event_destinations WHERE id = $1::uuid`, [id]);
  if (!row) throw new AppError("NOT_FOUND", "No such destination.");
  return view(row);
}

/** A destination's delivery log, newest first (status, attempts, last error, response code). */
export async function listDeliveries(db: Db, destinationId: string, limit = 100): Promise<DeliveryView[]> {
  await getDestinationOrThrow(db, destinationId);
  const rows = await db.sql.query<{
    id: string;
    event_id: string;
    event_type: string;
    status: DeliveryView["status"];
    attempts: number;
    response_code: number | null;
    last_error: string | null;
    created_at: Date | string;
    delivered_at: Date | string | null;
    run_after: Date | string;
  }>(
    `SELECT v.id::text, v.event_id::text, e.type AS event_type, v.status::text, v.attempts, v.response_code, v.last_error,
            v.created_at, v.delivered_at, v.run_after
       FROM event_deliveries v JOIN outgoing_events e ON e.id = v.event_id
      WHERE v.destination_id = $1::uuid ORDER BY v.created_at DESC, v.id LIMIT $2`,
    [destinationId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    eventId: r.event_id,
    eventType: r.event_type,
    status: r.status,
    attempts: Number(r.attempts),
    responseCode: r.response_code === null ? null : Number(r.response_code),
    lastError: r.last_error,
    createdAt: iso(r.created_at)!,
    deliveredAt: iso(r.delivered_at),
    nextAttemptAt: r.status === "queued" ? iso(r.run_after) : null,
  }));
}
