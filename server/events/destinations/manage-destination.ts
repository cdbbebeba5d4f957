import { randomUUID } from "node:crypto";
import { CreateDestinationInput, UpdateDestinationInput, type DestinationView } from "../../../lib/events/contracts";
import { newWebhookSecret } from "../../../lib/events/standard-webhooks";
import { appendAuditEntries, type StaffActor } from "../../audit/record-audit";
import type { Db } from "../../db";
import type { SqlQueryable } from "../../db/driver";
import { env } from "../../env";
import { AppError } from "../../errors";
import { emitEvent } from "../emit-event";
import { OutboundRefused, resolveOutboundTarget } from "../outbound-target";
import { getDestinationOrThrow } from "./destination-rows";

/** The URL passes the SSRF guard now (it is checked again at every delivery). */
async function checkUrl(url: string): Promise<void> {
  try {
    await resolveOutboundTarget(url);
  } catch (error) {
    if (error instanceof OutboundRefused) throw new AppError("VALIDATION", error.message, { url: error.message });
    throw error;
  }
}

async function checkIncident(sql: SqlQueryable, incidentId: string | null | undefined): Promise<void> {
  if (!incidentId) return;
  const [row] = await sql.query(`SELECT 1 FROM incidents WHERE id = $1::uuid`, [incidentId]);
  if (!row) throw new AppError("VALIDATION", "No such incident.", { incidentId: "No such incident." });
}

function audit(actor: StaffActor, action: string, destinationId: string, detail: Record<string, string | number | boolean | null | string[]>) {
  return { actor, action: `event_destination.${action}`, incidentId: null, targetType: "event_destination", targetId: destinationId, detail };
}

/**
 * Adds a destination (admins). A signed webhook gets its secret here, shown
 * this once (`secret`); the URL must pass the SSRF guard. Audited, without
 * the URL's path (a chat webhook URL is itself a secret).
 */
export async function createDestination(
  db: Db,
  input: CreateDestinationInput,
  actor: StaffActor,
): Promise<{ destination: DestinationView; secret: string | null }> {
  const data = CreateDestinationInput.parse(input);
  if (data.kind !== "email") await checkUrl(data.url!);
  await checkIncident(db.sql, data.incidentId);
  const id = randomUUID();
  const secret = data.kind === "webhook" ? newWebhookSecret() : null;
  await db.sql.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO event_destinations (id, name, kind, url, incident_id, event_types, secret, created_by_id)
       VALUES ($1::uuid, $2, $3::"EventDestinationKind", $4, $5::uuid, $6::text[], $7, $8::uuid)`,
      [id, data.name, data.kind, data.kind === "email" ? null : data.url, data.incidentId ?? null, data.eventTypes, secret, actor.id],
    );
    await appendAuditEntries(tx, [
      audit(actor, "created", id, { name: data.name, kind: data.kind, incidentId: data.incidentId ?? null, eventTypes: data.eventTypes }),
    ]);
  });
  return { destination: await getDestinationOrThrow(db, id), secret };
}

/** Changes a destination; enabling it again clears its failure streak and breaker. Audited. */
export async function updateDestination(db: Db, id: string, input: UpdateDestinationInput, actor: StaffActor): Promise<DestinationView> {
  const data = UpdateDestinationInput.parse(input);
  const current = await getDestinationOrThrow(db, id);
  if (data.url !== undefined) {
    if (current.kind === "email") throw new AppError("VALIDATION", "An e-mail destination has no URL.", { url: "No URL for e-mail." });
    await checkUrl(data.url);
  }
  await checkIncident(db.sql, data.incidentId);
  await db.sql.transaction(async (tx) => {
    await tx.run(
      `UPDATE event_destinations SET
              name = COALESCE($2, name),
              url = COALESCE($3, url),
              incident_id = CASE WHEN $4 THEN $5::uuid ELSE incident_id END,
              event_types = COALESCE($6::text[], event_types),
              enabled = COALESCE($7, enabled),
              disabled_reason = CASE WHEN $7 IS NULL THEN disabled_reason WHEN $7 THEN NULL ELSE 'Disabled by an admin.' END,
              disabled_at = CASE WHEN $7 IS NULL THEN disabled_at WHEN $7 THEN NULL ELSE now() END,
              consecutive_failures = CASE WHEN $7 THEN 0 ELSE consecutive_failures END,
              failing_since = CASE WHEN $7 THEN NULL ELSE failing_since END,
              breaker_open_until = CASE WHEN $7 THEN NULL ELSE breaker_open_until END,
              updated_at = now()
        WHERE id = $1::uuid`,
      [
        id,
        data.name ?? null,
        data.url ?? null,
        data.incidentId !== undefined,
        data.incidentId ?? null,
        data.eventTypes ?? null,
        data.enabled ?? null,
      ],
    );
    await appendAuditEntries(tx, [
      audit(actor, "updated", id, {
        ...(data.name !== undefined ? { name: data.name } : {}),
        ...(data.url !== undefined ? { urlChanged: true } : {}),
        ...(data.incidentId !== undefined ? { incidentId: data.incidentId } : {}),
        ...(data.eventTypes !== undefined ? { eventTypes: data.eventTypes } : {}),
        ...(data.enabled !== undefined ? { enabled: data.enabled } : {}),
      }),
    ]);
  });
  return getDestinationOrThrow(db, id);
}

/** Removes a destination and its delivery log. Audited. */
export async function deleteDestination(db: Db, id: string, actor: StaffActor): Promise<void> {
  const current = await getDestinationOrThrow(db, id);
  await db.sql.transaction(async (tx) => {
    await tx.run(`DELETE FROM event_destinations WHERE id = $1::uuid`, [id]);
    await appendAuditEntries(tx, [audit(actor, "deleted", id, { name: current.name, kind: current.kind })]);
  });
}

/**
 * A new signing secret for a webhook, shown this once. The old one keeps
 * signing beside it (two signatures in webhook-signature) for the grace
 * period, so the receiver can switch without losing a delivery. Audited.
 */
export async function rotateDestinationSecret(db: Db, id: string, actor: StaffActor): Promise<{ secret: string; previousValidUntil: string }> {
  const current = await getDestinationOrThrow(db, id);
  if (current.kind !== "webhook") throw new AppError("CONFLICT", "Only a signed webhook has a secret to rotate.");
  const secret = newWebhookSecret();
  const until = new Date(Date.now() + env().BREACHDESK_WEBHOOK_SECRET_GRACE_HOURS * 3_600_000);
  await db.sql.transaction(async (tx) => {
    await tx.run(
      `UPDATE event_destinations SET previous_secret = secret, previous_secret_until = $3::timestamptz, secret = $2, updated_at = now()
        WHERE id = $1::uuid`,
      [id, secret, until.toISOString()],
    );
    await appendAuditEntries(tx, [audit(actor, "secret_rotated", id, { previousValidUntil: until.toISOString() })]);
  });
  return { secret, previousValidUntil: until.toISOString() };
}

/** Queues a test event to this destination only (enabled or not is its own check: a disabled one is not delivered). */
export async function sendTestEvent(db: Db, id: string, actor: StaffActor): Promise<{ eventId: string }> {
  const current = await getDestinationOrThrow(db, id);
  if (!current.enabled) throw new AppError("CONFLICT", "Enable the destination first: a disabled one receives nothing.");
  const eventId = await db.sql.transaction(async (tx) => {
    const eventId = await emitEvent(
      tx,
      "destination.test",
      { destination: { id, name: current.name }, message: "A test event from Breachdesk: this destination receives events." },
      { destinationId: id },
    );
    await appendAuditEntries(tx, [audit(actor, "test_sent", id, { eventId })]);
    return eventId!;
  });
  return { eventId };
}
