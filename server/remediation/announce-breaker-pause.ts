import type { SqlQueryable } from "../db/driver";
import { appUrl } from "../events/app-url";
import { emitEvent } from "../events/emit-event";
import { incidentRef } from "../events/incident-ref";

/** The breaker paused a bulk action: an outgoing event, in the batch's transaction. */
export async function announceBreakerPause(
  tx: SqlQueryable,
  bulkActionId: string,
  pause: { reason: string; resumeAt: Date; at: Date },
): Promise<void> {
  const [bulk] = await tx.query<{ incident_id: string; kind: string; origin: string; total: number }>(
    `SELECT incident_id::text, kind::text, origin::text, total FROM bulk_actions WHERE id = $1::uuid`,
    [bulkActionId],
  );
  if (!bulk || bulk.origin === "single") return;
  const incident = await incidentRef(tx, bulk.incident_id);
  const url = appUrl(`/incidents/${incident.slug}/bulk-actions/${bulkActionId}`);
  await emitEvent(
    tx,
    "bulk_action.paused",
    {
      incident,
      request: { kind: "bulk_action", id: bulkActionId, action: bulk.kind, total: Number(bulk.total), url },
      reason: pause.reason,
      resumeAt: pause.resumeAt.toISOString(),
    },
    { incidentId: bulk.incident_id, at: pause.at },
  );
}
