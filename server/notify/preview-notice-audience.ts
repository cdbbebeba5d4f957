import type { Db } from "../db";
import type { SqlQueryable } from "../db/driver";
import { jobsConfig } from "../jobs/config";
import { startedWithoutApproval, type Requester } from "../jobs/four-eyes";
import { audienceSql, type NoticeSkipCounts, type NoticeSkipReason } from "./audience-sql";

export type NoticeAudiencePreview = {
  recipients: number;
  selected: number;
  skipped: NoticeSkipCounts;
  firstAccounts: string[];
  needsApproval: boolean;
};

export async function countAudience(sql: SqlQueryable, incidentId: string, query: string) {
  const audience = audienceSql(incidentId, query);
  const rows = await sql.query<{ skip: NoticeSkipReason | null; n: number }>(
    `SELECT a.skip, count(*)::int AS n FROM (${audience.sql}) a GROUP BY a.skip`,
    audience.params,
  );
  const skipped: NoticeSkipCounts = {};
  let recipients = 0;
  let selected = 0;
  for (const row of rows) {
    selected += Number(row.n);
    if (row.skip === null) recipients = Number(row.n);
    else skipped[row.skip] = Number(row.n);
  }
  return { recipients, selected, skipped };
}

/** The dry run of an audience: who would get a notice, who is left out and why. Changes nothing. */
export async function previewNoticeAudience(
  db: Db,
  incident: { id: string },
  query: string,
  /** Whose request it would be: the campaigns they started without approval in the last 24 hours count too. */
  requester?: Requester,
): Promise<NoticeAudiencePreview> {
  const counts = await countAudience(db.sql, incident.id, query);
  const audience = audienceSql(incident.id, query);
  const first = await db.sql.query<{ external_id: string }>(
    `SELECT c.external_id FROM (${audience.sql}) a JOIN customer_accounts c ON c.id = a.account_id
      WHERE a.skip IS NULL ORDER BY a.risk_sort DESC, a.id DESC LIMIT 5`,
    audience.params,
  );
  const windowTotal = requester
    ? await startedWithoutApproval(db.sql, { table: "notice_campaigns", incidentId: incident.id }, requester, new Date())
    : 0;
  return {
    ...counts,
    firstAccounts: first.map((r) => r.external_id),
    needsApproval: counts.recipients + windowTotal > jobsConfig().approvalThreshold,
  };
}
