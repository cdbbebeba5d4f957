import { requestFingerprint } from "../../lib/request-fingerprint";
import { z } from "zod";
import { formatCount, formatReasonCounts } from "../../lib/format/numbers";
import type { StaffActor } from "../audit/record-audit";
import type { Db } from "../db";
import { AppError } from "../errors";
import type { RequestedStatus } from "../jobs/four-eyes";
import { decideAtRequest, recordRequested, requestOnce } from "../jobs/four-eyes-flow";
import { audienceSql, NOTICE_SKIP_LABELS, type NoticeSkipCounts } from "./audience-sql";
import { notifyConfig } from "./notify-config";
import { countAudience } from "./preview-notice-audience";
import { noticeRequests } from "./notice-requests";

export const RequestNoticeCampaignInput = z.object({
  templateId: z.uuid("Save the notice first."),
  // The Exposed accounts table's URL query ("" is every exposed address).
  audience: z.string().max(4000).default(""),
  expectedCount: z.coerce.number().int().min(0).optional(),
  requestKey: z.string().min(8).max(200).optional(),
});
export type RequestNoticeCampaignInput = z.input<typeof RequestNoticeCampaignInput>;

export type RequestedNoticeCampaign = {
  id: string;
  status: RequestedStatus;
  total: number;
  skipped: NoticeSkipCounts;
  replayed: boolean;
};

/**
 * Requests a notice campaign: the audience is frozen now, one message per
 * customer with its address and Message-ID, in risk order. Once what the
 * requester (person and token) started without approval in the last 24
 * hours, this campaign included, passes the four-eyes threshold
 * (BREACHDESK_APPROVAL_THRESHOLD, as bulk actions) it waits for a different
 * person's approval; otherwise it starts at once.
 * Audited; on the timeline.
 */
export async function requestNoticeCampaign(
  db: Db,
  incident: { id: string },
  raw: RequestNoticeCampaignInput,
  actor: StaffActor,
  options: { at?: Date; /** A chosen id (the demo's); a new UUID otherwise. */ id?: string } = {},
): Promise<RequestedNoticeCampaign> {
  const input = RequestNoticeCampaignInput.parse(raw);
  const at = options.at ?? new Date();
  const from = notifyConfig().from;
  return requestOnce<NoticeSkipCounts, { id: string; version: number }, RequestedNoticeCampaign>(
    db,
    noticeRequests,
    { requestKey: input.requestKey, actor, fingerprint: requestFingerprint({ incidentId: incident.id, ...input, requestKey: undefined }) },
    {
      prepare: async () => {
        const template = await db.prisma.noticeTemplate.findFirst({
          where: { id: input.templateId, incidentId: incident.id },
          select: { id: true, version: true },
        });
        if (!template) throw new AppError("NOT_FOUND", "No such notice version in this incident.");
        return template;
      },
      create: async (tx, ptx, template) => {
        const counts = await countAudience(tx, incident.id, input.audience);
        if (input.expectedCount !== undefined && input.expectedCount !== counts.recipients) {
          throw new AppError(
            "CONFLICT",
            `The audience changed since the preview: it now has ${formatCount(counts.recipients)} customers, not ${formatCount(input.expectedCount)}. Preview it again.`,
          );
        }
        if (counts.recipients === 0) {
          throw new AppError(
            "VALIDATION",
            `Nobody to notify: none of the ${formatCount(counts.selected)} selected addresses needs a notice (skipped: ${formatReasonCounts(counts.skipped, NOTICE_SKIP_LABELS)}).`,
          );
        }
        const { windowTotal, needsApproval, status, expiresAt, columns } = await decideAtRequest(
          tx,
          { table: "notice_campaigns", incidentId: incident.id },
          actor,
          counts.recipients,
          at,
          { requestKey: input.requestKey },
        );
        const campaign = await ptx.noticeCampaign.create({
          data: {
            ...(options.id ? { id: options.id } : {}),
            incidentId: incident.id,
            templateId: template.id,
            audience: input.audience,
            total: counts.recipients,
            skippedAtRequest: counts.skipped,
            ...columns,
          },
          select: { id: true },
        });
        const audience = audienceSql(incident.id, input.audience);
        const n = audience.params.length;
        const inserted = await tx.run(
          `INSERT INTO notice_messages (campaign_id, seq, account_id, recipient, message_id)
         SELECT $${n + 1}::uuid, q.seq, q.account_id, q.email, '<notice.' || $${n + 1} || '.' || q.seq || '@' || $${n + 2} || '>'
           FROM (SELECT row_number() OVER (ORDER BY a.risk_sort DESC, a.id DESC)::int AS seq, a.account_id, a.email
                   FROM (${audience.sql}) a WHERE a.skip IS NULL) q`,
          [...audience.params, campaign.id, from.slice(from.lastIndexOf("@") + 1)],
        );
        if (inserted !== counts.recipients) {
          throw new AppError("CONFLICT", "The audience changed while the request was being made. Preview it again.");
        }
        const summary = {
          id: campaign.id,
          incidentId: incident.id,
          total: counts.recipients,
          templateVersion: template.version,
        };
        await recordRequested(
          tx,
          noticeRequests,
          { id: campaign.id, incidentId: incident.id, summary, running: !needsApproval, onTimeline: true, expiresAt },
          {
            at,
            actor,
            audit: {
              templateId: template.id,
              templateVersion: template.version,
              audience: input.audience,
              total: counts.recipients,
              skipped: counts.skipped,
              needsApproval,
              ...(needsApproval ? { startedInWindow: windowTotal } : {}),
              ...(actor.tokenId ? { tokenId: actor.tokenId } : {}),
            },
          },
        );
        return { id: campaign.id, status, total: counts.recipients, skipped: counts.skipped, replayed: false };
      },
    },
  );
}
