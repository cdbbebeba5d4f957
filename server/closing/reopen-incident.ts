import { z } from "zod";
import { storableText } from "../../lib/validation/storable";
import { appendAuditEntries, type StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { recordSystemTimelineEvent } from "../timeline/record-timeline-event";
import { lockIncident } from "./sql/lock-incident";

export const ReopenInput = z.object({
  reason: storableText().trim().min(3, "Say why the incident is reopened (at least 3 characters).").max(2000),
});

/**
 * Reopens a closed incident, with a reason: status open, the close time and
 * the retention schedule cleared, the "Closed" milestone retracted (a later
 * close records its own), "Incident reopened" on the timeline, audited.
 *
 * Refused once forgetting has begun (a forget run exists, or the data was
 * pseudonymised): what was pseudonymised cannot come back. The incident's row
 * is locked (FOR UPDATE) first, and the forget job takes the same lock when
 * it starts a run, so a reopen and a starting forget run cannot both win.
 */
export async function reopenIncident(db: Db, incidentId: string, input: z.input<typeof ReopenInput>, actor: StaffActor, at = new Date()) {
  const { reason } = ReopenInput.parse(input);
  return db.sql.transaction(async (tx) => {
    const incident = await lockIncident(tx, incidentId);
    if (incident.status !== "closed") throw new AppError("CONFLICT", "This incident is not closed.");
    if (incident.forget_runs > 0 || incident.pseudonymised_at !== null || incident.erased_at !== null) {
      throw new AppError(
        "CONFLICT",
        "Forgetting this incident's personal data has begun: it can no longer be reopened.",
      );
    }
    await tx.run(
      `UPDATE incidents SET status = 'open', closed_at = NULL, pseudonymise_at = NULL, erase_at = NULL,
              updated_at = $2::timestamptz
        WHERE id = $1::uuid`,
      [incidentId, at.toISOString()],
    );
    // The close's milestone no longer holds; it stays on the record, retracted with the reason.
    await tx.run(
      `UPDATE timeline_events SET retracted_at = $2::timestamptz, retracted_reason = $3, retracted_by_id = $4::uuid
        WHERE incident_id = $1::uuid AND milestone = 'closed' AND retracted_at IS NULL`,
      [incidentId, at.toISOString(), `Reopened: ${reason}`, actor.id],
    );
    await recordSystemTimelineEvent(
      tx,
      {
        incidentId,
        occurredAt: at,
        category: "remediation",
        source: "system",
        title: "Incident reopened",
        body: `Reason: ${reason}`,
        externalId: `incident-reopen:${at.toISOString()}:${actor.id}`,
      },
      actor,
    );
    await appendAuditEntries(tx, [
      {
        actor,
        at,
        action: "incident.reopened",
        incidentId,
        targetType: "incident",
        targetId: incidentId,
        detail: { reason, closedAt: incident.closed_at ? new Date(incident.closed_at).toISOString() : null },
      },
    ]);
    return { status: "open" as const };
  });
}
