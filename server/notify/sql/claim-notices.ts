import type { SqlQueryable } from "../../db/driver";
import type { Row } from "../../db/rows";
import { claimSql } from "../../jobs/claim";

export type ClaimedNotice = Row<
  "notice_messages",
  "campaign_id" | "seq" | "account_id" | "recipient" | "message_id" | "attempts"
>;

/** Deferred messages whose retry is due, of running campaigns, oldest retry first. */
export const CLAIM_RETRIES = claimSql({
  table: "notice_messages",
  alias: "m",
  keys: ["campaign_id", "seq"],
  join: "JOIN notice_campaigns k ON k.id = m.campaign_id",
  due: `m.status = 'deferred' AND m.run_after <= now() AND k.status = 'running'
            AND (m.lease_expires_at IS NULL OR m.lease_expires_at < now())`,
  orderBy: "m.run_after",
  limit: "$3",
  returning: "m.campaign_id::text, m.seq, m.account_id, m.recipient, m.message_id, m.attempts",
});

/** Queued messages of the running campaigns given as $4, in campaign and message order. */
export const CLAIM_QUEUED = claimSql({
  table: "notice_messages",
  alias: "m",
  keys: ["campaign_id", "seq"],
  due: `m.campaign_id = ANY($4::uuid[]) AND m.status = 'queued'
            AND (m.lease_expires_at IS NULL OR m.lease_expires_at < now())`,
  orderBy: "m.campaign_id, m.seq",
  limit: "$3",
  returning: "m.campaign_id::text, m.seq, m.account_id, m.recipient, m.message_id, m.attempts",
});

/** The running campaigns, oldest first: whose queued messages CLAIM_QUEUED may take. */
export async function runningCampaignIds(tx: SqlQueryable): Promise<string[]> {
  const rows = await tx.query<{ id: string }>(`SELECT id::text FROM notice_campaigns WHERE status = 'running' ORDER BY created_at, id`);
  return rows.map((c) => c.id);
}

/** True while a running campaign has messages not yet final (queued, deferred or sending). */
export async function noticesLeft(sql: SqlQueryable): Promise<boolean> {
  const [row] = await sql.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM notice_messages m JOIN notice_campaigns k ON k.id = m.campaign_id
      WHERE k.status = 'running' AND m.status IN ('queued', 'deferred', 'sending')`,
  );
  return Number(row?.n ?? 0) > 0;
}
