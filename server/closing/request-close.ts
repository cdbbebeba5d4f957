import { requestFingerprint } from "../../lib/request-fingerprint";
import { z } from "zod";
import { evaluateCloseChecklist } from "../../lib/closing/checklist";
import { RetentionInput } from "../../lib/closing/retention";
import { storableText } from "../../lib/validation/storable";
import type { StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import { recordRequested, requestOnce } from "../jobs/four-eyes-flow";
import { jobsConfig } from "../jobs/config";
import { assertIncidentOpen } from "./assert-incident-open";
import { closeBlockedError } from "./close-blocked";
import { closeRequests } from "./close-requests";
import { lockIncident } from "./sql/lock-incident";
import { readCloseFacts } from "./sql/read-close-facts";

export const RequestCloseInput = z.object({
  retention: RetentionInput,
  reason: storableText().trim().max(2000).default(""),
});
export type RequestCloseInput = z.input<typeof RequestCloseInput>;

/**
 * Asks to close the incident with a retention schedule; a different person
 * with incidents.close approves it. In one transaction with the incident's
 * row locked: not already closed, no other close request pending, and the
 * checklist passing as the database stands now (the page's view may be old).
 * Once per (requester, request key); audited; "Close requested" on the timeline.
 */
export async function requestIncidentClose(
  db: Db,
  incidentId: string,
  input: RequestCloseInput,
  actor: StaffActor,
  options: { requestKey?: string; at?: Date } = {},
) {
  const { retention, reason } = RequestCloseInput.parse(input);
  const at = options.at ?? new Date();
  return requestOnce(db, closeRequests, { requestKey: options.requestKey, actor, fingerprint: requestFingerprint({ incidentId, retention, reason }) }, {
    prepare: async () => undefined,
    create: async (tx) => {
      const incident = await lockIncident(tx, incidentId);
      assertIncidentOpen({ status: incident.status, closedAt: incident.closed_at });
      const [pending] = await tx.query<{ id: string }>(
        `SELECT id::text FROM incident_close_requests
          WHERE incident_id = $1::uuid AND status = 'pending_approval' AND expires_at > $2::timestamptz LIMIT 1`,
        [incidentId, at.toISOString()],
      );
      if (pending) throw new AppError("CONFLICT", "A close request for this incident is already awaiting approval.");
      const checklist = evaluateCloseChecklist(await readCloseFacts(tx, incidentId, at));
      if (!checklist.ok) throw closeBlockedError(checklist, "requested");
      const expiresAt = new Date(at.getTime() + jobsConfig().approvalTtlHours * 3_600_000);
      const [row] = await tx.query<{ id: string }>(
        `INSERT INTO incident_close_requests
           (id, incident_id, status, pseudonymise_days, erase_days, reason, needs_approval, requested_by_id,
            requested_by_token_id, request_key, created_at, updated_at, expires_at)
         VALUES (gen_random_uuid(), $1::uuid, 'pending_approval', $2, $3, $4, true, $5::uuid, $6::uuid, $7,
                 $8::timestamptz, $8::timestamptz, $9::timestamptz)
         RETURNING id::text`,
        [
          incidentId,
          retention.pseudonymiseDays,
          retention.eraseDays,
          reason,
          actor.id,
          actor.tokenId ?? null,
          options.requestKey ?? null,
          at.toISOString(),
          expiresAt.toISOString(),
        ],
      );
      if (!row) throw new Error("requestIncidentClose: no row");
      await recordRequested(
        tx,
        closeRequests,
        { id: row.id, incidentId, summary: { id: row.id, incidentId, ...retention }, running: false, onTimeline: true },
        { at, actor, note: reason || undefined, audit: { ...retention, reason } },
      );
      return { id: row.id, status: "pending_approval" as const, total: 1, skipped: {}, replayed: false };
    },
  });
}
