import { createHash, randomUUID } from "node:crypto";
import { EVENT_SCHEMAS, withoutEmailAddresses, type EventData, type EventType } from "../../lib/events/event-types";
import type { SqlQueryable } from "../db/driver";

/** Enough of a transaction to write the outbox: the driver's, or a Prisma one's raw query. */
export type EventWriter = Pick<SqlQueryable, "query">;

type EmitOptions = {
  incidentId?: string | null;
  at?: Date;
  /**
   * Makes the event once-only: its id is derived from the key, and a second
   * emit with it writes nothing (an obligation's "due soon", swept repeatedly).
   */
  onceKey?: string;
  /** Only this destination (a test event); otherwise every enabled one whose scope and filter match. */
  destinationId?: string;
};

/** A stable UUID (v5-shaped) from a key. */
function uuidFromKey(key: string): string {
  const h = createHash("sha256").update(`breachdesk-event:${key}`).digest("hex");
  const variant = ((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Writes an event into the outbox in the caller's transaction (so it exists
 * exactly when the thing it tells of does) and fans it out there: one
 * delivery row per matching destination (unique per event and destination),
 * which the delivery worker then sends at least once. Returns the event's id,
 * or null when `onceKey` had been used already.
 */
export async function emitEvent<T extends EventType>(
  tx: EventWriter,
  type: T,
  data: EventData<T>,
  options: EmitOptions = {},
): Promise<string | null> {
  const parsed = withoutEmailAddresses(EVENT_SCHEMAS[type].parse(data));
  const at = options.at ?? new Date();
  const id = options.onceKey ? uuidFromKey(options.onceKey) : randomUUID();
  const payload = { type, timestamp: at.toISOString(), data: parsed };
  const inserted = await tx.query<{ id: string }>(
    `INSERT INTO outgoing_events (id, type, incident_id, payload, created_at)
     VALUES ($1::uuid, $2, $3::uuid, $4::jsonb, $5::timestamptz)
     ON CONFLICT (id) DO NOTHING RETURNING id::text`,
    [id, type, options.incidentId ?? null, JSON.stringify(payload), at.toISOString()],
  );
  if (inserted.length === 0) return null;
  await tx.query(
    `INSERT INTO event_deliveries (id, event_id, destination_id, run_after)
     SELECT gen_random_uuid(), $1::uuid, d.id, $5::timestamptz FROM event_destinations d
      WHERE ($4::uuid IS NOT NULL AND d.id = $4::uuid)
         OR ($4::uuid IS NULL AND d.enabled
             AND (d.incident_id IS NULL OR d.incident_id = $3::uuid)
             AND (COALESCE(cardinality(d.event_types), 0) = 0 OR $2 = ANY(d.event_types))
             AND $2 <> 'destination.test')
     ON CONFLICT (event_id, destination_id) DO NOTHING`,
    [id, type, options.incidentId ?? null, options.destinationId ?? null, at.toISOString()],
  );
  return id;
}
