import { announceRequestStep } from "../events/request-events";
import type { LockedRequest, RequestKind } from "../jobs/four-eyes-flow";
import { recordNoticeTimelineEvent, type NoticeCounts, type NoticeSummary } from "./notice-timeline";
import { cancelQueuedMessages, cancelUnsentMessages, messagesSending } from "./sql/cancel-messages";

/** A campaign's row under its lock, with its notice's version. */
type LockedCampaign = LockedRequest & { total: number; version: number };

/**
 * Notice campaigns in the four-eyes flow (server/jobs/four-eyes-flow.ts):
 * their table, their words, their milestones, and what each step does to
 * their messages.
 */
export const noticeRequests: RequestKind<LockedCampaign, NoticeSummary, NoticeCounts> = {
  table: "notice_campaigns",
  statusType: "NoticeCampaignStatus",
  auditTarget: "notice_campaign",
  noun: "campaign",
  notFound: "No such notice campaign.",
  statusWords: {
    pending_approval: "is awaiting approval",
    rejected: "was rejected",
    expired: "expired unapproved",
    running: "is sending",
    paused: "is paused",
    cancelled: "was cancelled",
    completed: "has finished",
  },
  cancellable: ["running", "pending_approval"],
  unitsBeforeRequest: false,
  cancelledUnitsKey: "cancelledMessages",
  async lock(tx, id, incidentId) {
    const [row] = await tx.query<LockedCampaign>(
      `SELECT k.id::text, k.incident_id::text, k.status::text, k.total, k.requested_by_id::text, k.requested_by_token_id::text, k.expires_at, t.version
         FROM notice_campaigns k JOIN notice_templates t ON t.id = k.template_id
        WHERE k.id = $1::uuid ${incidentId ? "AND k.incident_id = $2::uuid" : ""} FOR UPDATE OF k`,
      incidentId ? [id, incidentId] : [id],
    );
    return row ? { ...row, total: Number(row.total), version: Number(row.version) } : null;
  },
  summary: (row) => ({ id: row.id, incidentId: row.incident_id, total: row.total, templateVersion: row.version }),
  milestone: recordNoticeTimelineEvent,
  announce: (tx, s, step, detail) =>
    announceRequestStep(
      tx,
      { kind: "notice_campaign", id: s.id, incidentId: s.incidentId, action: `notice v${s.templateVersion}`, total: s.total },
      step,
      detail,
    ),
  decisionDetail: (row) => ({ templateVersion: row.version }),
  cancelUnits: cancelUnsentMessages,
  unitsInHand: messagesSending,
  dropQueued: cancelQueuedMessages,
};
