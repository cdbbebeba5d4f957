import { appendAuditEntries, type StaffActor } from "../audit/record-audit";
import type { StepUpCheck } from "../auth/step-up";
import type { Db } from "../db";
import { sqlOf } from "../db/prisma-sql";
import { AppError } from "../errors";
import { approveRequest, cancelRequest, rejectRequest, stateConflict } from "../jobs/four-eyes-flow";
import { noticeRequests } from "./notice-requests";

// The verbs on a campaign after its request, as for bulk actions: approve,
// reject and cancel are the four-eyes flow's (server/jobs/four-eyes-flow.ts);
// resolving in-doubt messages is a campaign's own. One transaction with the
// campaign's row locked, the starting state checked, audited, a repeat
// refused with CONFLICT.

type Options = { at?: Date; incidentId?: string };

/** The request's own step-up: its session's second factor must be recent; an API token is refused (403). */
const requestStepUp: StepUpCheck = async () => {
  // Loaded when used: it reads the request (next/headers), which the CLI and tests have none of.
  const { requireRecentSecondFactor } = await import("../auth/step-up");
  await requireRecentSecondFactor();
};

/**
 * Four eyes: a different staff member approves; the requester never can. An
 * expired request cannot be approved. Step-up first, for every caller (the
 * app's form, the REST API): `stepUp` (default: the request's session must
 * have given its second factor recently; the form passes one that checks the
 * code typed into its prompt first).
 */
export async function approveNoticeCampaign(
  db: Db,
  id: string,
  actor: StaffActor,
  options: Options & { note?: string; stepUp?: StepUpCheck } = {},
) {
  return approveRequest(db, noticeRequests, id, actor, { ...options, stepUp: options.stepUp ?? requestStepUp });
}

/** Its queued messages are cancelled with it. */
export async function rejectNoticeCampaign(
  db: Db,
  id: string,
  actor: StaffActor,
  reason: string,
  options: Options = {},
) {
  return rejectRequest(db, noticeRequests, id, actor, reason, options);
}

/**
 * Stops a campaign: messages not yet handed to the relay are cancelled. A
 * message a sender holds right now ("sending") finishes and is counted.
 */
export async function cancelNoticeCampaign(db: Db, id: string, actor: StaffActor, options: Options = {}) {
  const { cancelled, ...result } = await cancelRequest(db, noticeRequests, id, actor, options);
  return { ...result, cancelledMessages: cancelled };
}

export type InDoubtResolution = "sent" | "resend";

/**
 * A person's answer for the campaign's in-doubt messages, after checking the
 * relay's log for their Message-IDs: all found ("sent"), or none found
 * ("resend": queued again, the campaign sends them). Audited per message.
 */
export async function resolveInDoubtMessages(
  db: Db,
  id: string,
  actor: StaffActor,
  resolution: InDoubtResolution,
  options: Options = {},
) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const row = await noticeRequests.lock(tx, id, options.incidentId);
    if (!row) throw new AppError("NOT_FOUND", noticeRequests.notFound);
    if (!["running", "completed"].includes(row.status)) throw stateConflict(noticeRequests, row.status, "changed");
    const resolved = await tx.query<{ account_id: number; message_id: string }>(
      `UPDATE notice_messages
          SET status = $2::"NoticeMessageStatus", run_after = $3::timestamptz,
              done_at = CASE WHEN $2 = 'sent' THEN $3::timestamptz ELSE NULL END,
              last_response = CASE WHEN $2 = 'sent' THEN 'Found in the relay''s log by ' || $4 ELSE last_response END
        WHERE campaign_id = $1::uuid AND status = 'in_doubt'
        RETURNING account_id, message_id`,
      [id, resolution === "sent" ? "sent" : "queued", at.toISOString(), actor.email],
    );
    if (resolved.length === 0) throw new AppError("CONFLICT", "This campaign has no messages in doubt.");
    await tx.run(
      `UPDATE notice_campaigns SET in_doubt = in_doubt - $2, sent = sent + CASE WHEN $3 THEN $2 ELSE 0 END, updated_at = $4::timestamptz,
              status = CASE WHEN $3 THEN status ELSE 'running'::"NoticeCampaignStatus" END,
              finished_at = CASE WHEN $3 THEN finished_at ELSE NULL END
        WHERE id = $1::uuid`,
      [id, resolved.length, resolution === "sent", at.toISOString()],
    );
    await appendAuditEntries(tx, [
      ...resolved.map((m) => ({
        actor,
        at,
        action: resolution === "sent" ? "notice.in_doubt_confirmed_sent" : "notice.in_doubt_requeued",
        incidentId: row.incident_id,
        targetType: "customer_account",
        targetId: String(m.account_id),
        detail: { campaignId: id, messageId: m.message_id },
      })),
      {
        actor,
        at,
        action: "notice_campaign.in_doubt_resolved",
        incidentId: row.incident_id,
        targetType: "notice_campaign",
        targetId: id,
        detail: { resolution, messages: resolved.length },
      },
    ]);
    return { id, resolved: resolved.length };
  });
}
