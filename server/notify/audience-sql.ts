import { selectionSource } from "../triage/selection-sql";

export type NoticeSkipReason = "no_account" | "no_address" | "already_notified";
export type NoticeSkipCounts = Partial<Record<NoticeSkipReason, number>>;

export const NOTICE_SKIP_LABELS: Record<NoticeSkipReason, string> = {
  no_account: "no matching account",
  no_address: "no e-mail address",
  already_notified: "already notified by an earlier campaign",
};

/** Messages that count as "this customer has been (or is being) told". */
const NOTIFYING_STATUSES = `('queued', 'sending', 'sent', 'deferred', 'in_doubt')`;

/**
 * The audience of a triage filter as SQL: every selected row with its
 * account, address and why it is left out (skip NULL: it gets a notice).
 * $1 is the incident.
 */
export function audienceSql(incidentId: string, query: string): { sql: string; params: unknown[] } {
  const source = selectionSource(incidentId, { kind: "filter", query });
  return {
    sql: `SELECT s.id, s.account_id, s.risk_sort, c.email,
                 CASE WHEN s.account_id IS NULL OR c.id IS NULL THEN 'no_account'
                      WHEN c.email IS NULL OR btrim(c.email) = '' THEN 'no_address'
                      WHEN EXISTS (SELECT 1 FROM notice_messages m JOIN notice_campaigns k ON k.id = m.campaign_id
                                    WHERE k.incident_id = $1::uuid AND m.account_id = s.account_id
                                      AND k.status NOT IN ('rejected', 'expired')
                                      AND m.status IN ${NOTIFYING_STATUSES}) THEN 'already_notified'
                 END AS skip
            FROM (${source.sql}) s LEFT JOIN customer_accounts c ON c.id = s.account_id`,
    params: source.params,
  };
}
