import { maskEmail } from "../../lib/email/mask";
import type { Db } from "../db";
import { preparedSql } from "../db/driver";

export type SecurityChange = {
  id: number;
  /** The account's row id: its page's URL. */
  accountId: number;
  accountExternalId: string;
  email: string;
  kind: string;
  occurredAt: Date;
  ip: string | null;
};

const CHANGE_KINDS = ["password_change", "two_factor_change", "email_change", "withdrawal_address_change"] as const;

// An event is a fact about an account, kept once whichever incident's file
// brought it (and ranked so in every incident that exposed the account): the
// incident's own are those of the accounts its triage rows hold. Each kind is
// read newest first from the (kind, time) index until it has enough exposed
// accounts' changes, so the logins around them are never read: under a
// millisecond with two million events, where one scan of all four kinds
// sorted twenty thousand changes (200 ms).
const RECENT_SECURITY_CHANGES = preparedSql(
  "recent-security-changes",
  `SELECT e.id, e.kind::text AS kind, e.occurred_at, e.ip, e.account_id, a.external_id, a.email
     FROM unnest($2::"SecurityEventKind"[]) AS wanted(kind)
     CROSS JOIN LATERAL (
       SELECT e.id, e.kind, e.occurred_at, e.ip, e.account_id FROM security_events e
        WHERE e.kind = wanted.kind AND e.occurred_at > $3
          AND EXISTS (SELECT 1 FROM triage_entries t WHERE t.incident_id = $1::uuid AND t.account_id = e.account_id)
        ORDER BY e.occurred_at DESC, e.id DESC
        LIMIT $4
     ) e
     JOIN customer_accounts a ON a.id = e.account_id
    ORDER BY e.occurred_at DESC, e.id DESC
    LIMIT $4`,
);

/**
 * The latest password or security-detail changes on exposed accounts after T0:
 * the accounts whose withdrawals may need holding. Addresses are masked here,
 * on the server, for viewers who may not see them in full.
 */
export async function listRecentSecurityChanges(
  db: Db,
  incident: { id: string; awareAt: Date },
  options: { limit: number; unmasked: boolean },
): Promise<SecurityChange[]> {
  // One SQL join rather than Prisma's two queries: the overview shows it on every load.
  const events = await db.sql.query<{
    id: number;
    kind: string;
    occurred_at: Date | string;
    ip: string | null;
    account_id: number;
    external_id: string;
    email: string;
  }>(RECENT_SECURITY_CHANGES, [incident.id, [...CHANGE_KINDS], incident.awareAt, options.limit]);
  return events.map((event) => ({
    id: Number(event.id),
    accountId: Number(event.account_id),
    accountExternalId: event.external_id,
    email: options.unmasked ? event.email : maskEmail(event.email),
    kind: event.kind,
    occurredAt: new Date(event.occurred_at),
    ip: event.ip,
  }));
}
