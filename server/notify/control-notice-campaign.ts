import { appendAuditEntries, recordAudit } from "../audit/record-audit";
import type { StepUpCheck } from "../auth/step-up";
import type { Db } from "../db";
import { sqlOf, type PrismaTx } from "../db/prisma-sql";
import { AppError } from "../errors";
import { DecisionNoteInput, RejectionReasonInput } from "../remediation/control-bulk-action";
import type { StaffActor } from "../remediation/request-bulk-action";
import { assertMayApprove } from "../jobs/four-eyes";
import { recordNoticeTimelineEvent } from "./notice-timeline";

// The verbs on a campaign after its request, as for bulk actions: one
// transaction with the campaign's row locked, the starting state checked,
// audited, a repeat refused with CONFLICT.

type Locked = {
  id: string;
  incident_id: string;
  status: string;
  total: number;
  requested_by_id: string | null;
  requested_by_token_id: string | null;
  expires_at: Date | string | null;
  version: number;
};

async function lockCampaign(ptx: PrismaTx, db: Db, id: string, incidentId?: string): Promise<Locked> {
  const [row] = await sqlOf(ptx, db.sql.kind).query<Locked>(
    `SELECT k.id::text, k.incident_id::text, k.status::text, k.total, k.requested_by_id::text, k.requested_by_token_id::text, k.expires_at, t.version
       FROM notice_campaigns k JOIN notice_templates t ON t.id = k.template_id
      WHERE k.id = $1::uuid ${incidentId ? "AND k.incident_id = $2::uuid" : ""} FOR UPDATE OF k`,
    incidentId ? [id, incidentId] : [id],
  );
  if (!row) throw new AppError("NOT_FOUND", "No such notice campaign.");
  return { ...row, total: Number(row.total), version: Number(row.version) };
}

const summary = (row: Locked) => ({ id: row.id, incidentId: row.incident_id, total: row.total, templateVersion: row.version });

const STATUS_WORDS: Record<string, string> = {
  pending_approval: "is awaiting approval",
  rejected: "was rejected",
  expired: "expired unapproved",
  running: "is sending",
  paused: "is paused",
  cancelled: "was cancelled",
  completed: "has finished",
};

function conflict(row: { status: string }, verb: string): AppError {
  return new AppError("CONFLICT", `This campaign ${STATUS_WORDS[row.status] ?? row.status}: it cannot be ${verb}.`);
}

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
 * code typed into its prompt first). Outside the transaction: it records a
 * code on the sign-in, and PGlite has one connection.
 */
export async function approveNoticeCampaign(
  db: Db,
  id: string,
  actor: StaffActor,
  options: Options & { note?: string; stepUp?: StepUpCheck } = {},
) {
  const at = options.at ?? new Date();
  const note = DecisionNoteInput.parse(options.note);
  await (options.stepUp ?? requestStepUp)();
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockCampaign(ptx, db, id, options.incidentId);
    assertMayApprove(row, actor, at, { requested: "campaign", notPending: () => conflict(row, "approved") });
    await ptx.noticeCampaign.update({
      where: { id },
      data: { status: "running", decidedById: actor.id, decidedAt: at, decisionNote: note ?? null, startedAt: at, updatedAt: at },
    });
    await recordNoticeTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "approved", { at, actor, note });
    await recordAudit(ptx, {
      actor,
      at,
      action: "notice_campaign.approved",
      incidentId: row.incident_id,
      targetType: "notice_campaign",
      targetId: id,
      detail: { note: note ?? null, templateVersion: row.version },
    });
    return { id, status: "running" as const };
  });
}

export async function rejectNoticeCampaign(db: Db, id: string, actor: StaffActor, reason: string, options: Options = {}) {
  const at = options.at ?? new Date();
  const why = RejectionReasonInput.parse(reason);
  return db.prisma.$transaction(async (ptx) => {
    const row = await lockCampaign(ptx, db, id, options.incidentId);
    if (row.status !== "pending_approval") throw conflict(row, "rejected");
    await ptx.noticeCampaign.update({
      where: { id },
      data: { status: "rejected", decidedById: actor.id, decidedAt: at, decisionNote: why, finishedAt: at, updatedAt: at },
    });
    await sqlOf(ptx, db.sql.kind).run(
      `UPDATE notice_messages SET status = 'cancelled', done_at = $2::timestamptz WHERE campaign_id = $1::uuid AND status = 'queued'`,
      [id, at.toISOString()],
    );
    await recordNoticeTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "rejected", { at, actor, note: why });
    await recordAudit(ptx, {
      actor,
      at,
      action: "notice_campaign.rejected",
      incidentId: row.incident_id,
      targetType: "notice_campaign",
      targetId: id,
      detail: { reason: why },
    });
    return { id, status: "rejected" as const };
  });
}

/**
 * Stops a campaign: messages not yet handed to the relay are cancelled. A
 * message a sender holds right now ("sending") finishes and is counted.
 */
export async function cancelNoticeCampaign(db: Db, id: string, actor: StaffActor, options: Options = {}) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const row = await lockCampaign(ptx, db, id, options.incidentId);
    if (!["running", "pending_approval"].includes(row.status)) throw conflict(row, "cancelled");
    // Claimed but not yet sending: the lease holder checks the status before it sends.
    const cancelled = await tx.run(
      `UPDATE notice_messages SET status = 'cancelled', done_at = $2::timestamptz, lease_owner = NULL
        WHERE campaign_id = $1::uuid AND status IN ('queued', 'deferred')`,
      [id, at.toISOString()],
    );
    const [left] = await tx.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM notice_messages WHERE campaign_id = $1::uuid AND status = 'sending'`,
      [id],
    );
    await tx.run(
      `UPDATE notice_campaigns SET status = 'cancelled', cancelled = cancelled + $2, updated_at = $3::timestamptz,
              finished_at = CASE WHEN $4 THEN $3::timestamptz ELSE finished_at END
        WHERE id = $1::uuid`,
      [id, cancelled, at.toISOString(), Number(left?.n ?? 0) === 0],
    );
    await recordNoticeTimelineEvent(sqlOf(ptx, db.sql.kind), summary(row), "cancelled", { at, actor });
    await recordAudit(ptx, {
      actor,
      at,
      action: "notice_campaign.cancelled",
      incidentId: row.incident_id,
      targetType: "notice_campaign",
      targetId: id,
      detail: { cancelledMessages: cancelled },
    });
    return { id, status: "cancelled" as const, cancelledMessages: cancelled };
  });
}

export type InDoubtResolution = "sent" | "resend";

/**
 * A person's answer for the campaign's in-doubt messages, after checking the
 * relay's log for their Message-IDs: all found ("sent"), or none found
 * ("resend": queued again, the campaign sends them). Audited per message.
 */
export async function resolveInDoubtMessages(db: Db, id: string, actor: StaffActor, resolution: InDoubtResolution, options: Options = {}) {
  const at = options.at ?? new Date();
  return db.prisma.$transaction(async (ptx) => {
    const tx = sqlOf(ptx, db.sql.kind);
    const row = await lockCampaign(ptx, db, id, options.incidentId);
    if (!["running", "completed"].includes(row.status)) throw conflict(row, "changed");
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
