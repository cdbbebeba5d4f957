import "server-only";
import { maskEmail } from "../../lib/email/mask";
import type { Db } from "../db";
import type { NoticeSkipCounts } from "./audience-sql";

type StaffRef = { id: string; name: string; email: string };

type NoticeCampaignStatus = "pending_approval" | "rejected" | "expired" | "running" | "paused" | "cancelled" | "completed";

/** A campaign as the pages show it: plain JSON, times as ISO strings. */
export type NoticeCampaignView = {
  id: string;
  status: NoticeCampaignStatus;
  audience: string;
  total: number;
  sent: number;
  bounced: number;
  failed: number;
  inDoubt: number;
  cancelled: number;
  deferred: number;
  skippedAtRequest: NoticeSkipCounts;
  needsApproval: boolean;
  template: { id: string; version: number; subject: string };
  requestedBy: StaffRef | null;
  decidedBy: StaffRef | null;
  decisionNote: string | null;
  createdAt: string;
  expiresAt: string | null;
  decidedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const iso = (at: Date | null) => (at ? at.toISOString() : null);

async function staffRefs(db: Db, ids: (string | null)[]): Promise<Map<string, StaffRef>> {
  const wanted = ids.filter((id): id is string => id !== null);
  if (wanted.length === 0) return new Map();
  const rows = await db.prisma.staffUser.findMany({ where: { id: { in: wanted } }, select: { id: true, name: true, email: true } });
  return new Map(rows.map((r) => [r.id, r]));
}

export async function getNoticeCampaignView(db: Db, incidentId: string, id: string): Promise<NoticeCampaignView | null> {
  if (!UUID.test(id)) return null;
  const row = await db.prisma.noticeCampaign.findFirst({
    where: { id, incidentId },
    include: { template: { select: { id: true, version: true, subject: true } } },
  });
  if (!row) return null;
  const [deferred] = await db.sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notice_messages WHERE campaign_id = $1::uuid AND status = 'deferred'`,
    [id],
  );
  const staff = await staffRefs(db, [row.requestedById, row.decidedById]);
  return {
    id: row.id,
    status: row.status,
    audience: row.audience,
    total: row.total,
    sent: row.sent,
    bounced: row.bounced,
    failed: row.failed,
    inDoubt: row.inDoubt,
    cancelled: row.cancelled,
    deferred: Number(deferred?.n ?? 0),
    skippedAtRequest: row.skippedAtRequest as NoticeSkipCounts,
    needsApproval: row.needsApproval,
    template: row.template,
    requestedBy: row.requestedById ? (staff.get(row.requestedById) ?? null) : null,
    decidedBy: row.decidedById ? (staff.get(row.decidedById) ?? null) : null,
    decisionNote: row.decisionNote,
    createdAt: row.createdAt.toISOString(),
    expiresAt: iso(row.expiresAt),
    decidedAt: iso(row.decidedAt),
    startedAt: iso(row.startedAt),
    finishedAt: iso(row.finishedAt),
  };
}

export type NoticeCampaignSummary = Pick<
  NoticeCampaignView,
  "id" | "status" | "total" | "sent" | "bounced" | "failed" | "inDoubt" | "cancelled" | "createdAt" | "finishedAt" | "audience"
> & { templateVersion: number; requestedByName: string | null };

/** The incident's campaigns, newest first. */
export async function listNoticeCampaigns(db: Db, incidentId: string, limit = 50): Promise<NoticeCampaignSummary[]> {
  const rows = await db.prisma.noticeCampaign.findMany({
    where: { incidentId },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { template: { select: { version: true } } },
  });
  const staff = await staffRefs(db, rows.map((r) => r.requestedById));
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    total: r.total,
    sent: r.sent,
    bounced: r.bounced,
    failed: r.failed,
    inDoubt: r.inDoubt,
    cancelled: r.cancelled,
    audience: r.audience,
    createdAt: r.createdAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    templateVersion: r.template.version,
    requestedByName: r.requestedById ? (staff.get(r.requestedById)?.name ?? null) : null,
  }));
}

export type NoticeMessageRow = {
  seq: number;
  accountId: number;
  externalId: string;
  recipient: string;
  messageId: string;
  status: string;
  attempts: number;
  lastResponse: string | null;
  doneAt: string | null;
};

/** A campaign's messages in sending order (the first `limit`), optionally of some statuses; addresses masked unless allowed. */
export async function listNoticeMessages(
  db: Db,
  campaignId: string,
  options: { statuses?: string[]; limit: number; unmasked: boolean },
): Promise<NoticeMessageRow[]> {
  const rows = await db.sql.query<{
    seq: number;
    account_id: number;
    external_id: string;
    recipient: string;
    message_id: string;
    status: string;
    attempts: number;
    last_response: string | null;
    done_at: Date | string | null;
  }>(
    `SELECT m.seq, m.account_id, c.external_id, m.recipient, m.message_id, m.status::text, m.attempts, m.last_response, m.done_at
       FROM notice_messages m JOIN customer_accounts c ON c.id = m.account_id
      WHERE m.campaign_id = $1::uuid ${options.statuses?.length ? "AND m.status::text = ANY($3::text[])" : ""}
      ORDER BY m.seq LIMIT $2`,
    options.statuses?.length ? [campaignId, options.limit, options.statuses] : [campaignId, options.limit],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    accountId: Number(r.account_id),
    externalId: r.external_id,
    recipient: options.unmasked ? r.recipient : maskEmail(r.recipient),
    messageId: r.message_id,
    status: r.status,
    attempts: Number(r.attempts),
    lastResponse: r.last_response,
    doneAt: r.done_at ? new Date(r.done_at).toISOString() : null,
  }));
}
