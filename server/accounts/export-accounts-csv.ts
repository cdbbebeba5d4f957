import "server-only";
import { toCsvRow } from "../../lib/csv/escape";
import type { TriageFilter, TriageSort } from "../../lib/triage/filter";
import type { Db } from "../db";
import { listTriageEntries } from "../triage/list-triage-entries";

export const ACCOUNTS_CSV_HEADER = [
  "risk_tier",
  "email",
  "account_id",
  "fired_rules",
  "rule_ids",
  "two_factor",
  "balance_usd",
  "balance_tier",
  "country",
  "events_after_t0",
  "last_event_at_utc",
  "exposures",
  "first_exposed_in",
  "seen_by",
  "reset_status",
  "hold_status",
  "hold_until_utc",
] as const;

const EXPORT_PAGE_SIZE = 5_000;

function yesNo(value: boolean | null): string {
  return value === null ? "" : value ? "yes" : "no";
}

/**
 * The triage rows of a filter as CSV, one keyset page at a time, so that an
 * export of a million rows never holds more than a page in memory. Addresses
 * are masked by listTriageEntries for viewers without the right; every cell
 * goes through the formula-injection escaping.
 */
export async function* exportAccountsCsv(
  db: Db,
  incident: { id: string; awareAt: Date },
  filter: TriageFilter,
  sort: TriageSort,
  viewer: { unmasked: boolean },
  options: { pageSize?: number } = {},
): AsyncGenerator<string> {
  const size = options.pageSize ?? EXPORT_PAGE_SIZE;
  const messages = await db.prisma.leakMessage.findMany({
    where: { incidentId: incident.id },
    select: { id: true, batchKey: true },
  });
  const batchKeys = new Map(messages.map((m) => [m.id, m.batchKey]));
  yield toCsvRow(ACCOUNTS_CSV_HEADER);
  let after: string | undefined;
  for (;;) {
    const page = await listTriageEntries(db, incident, filter, { sort, size, after }, viewer);
    let chunk = "";
    for (const row of page.rows) {
      chunk += toCsvRow([
        row.riskTier,
        row.email,
        row.externalId,
        row.rules.map((rule) => rule.reason).join("; "),
        row.rules.map((rule) => rule.id).join(" "),
        yesNo(row.twoFactorEnabled),
        row.balanceUsdCents === null ? null : (row.balanceUsdCents / 100).toFixed(2),
        row.balanceTier,
        row.country,
        row.eventsAfterT0,
        row.lastEventAt,
        row.exposureCount,
        batchKeys.get(row.firstMessageId) ?? "",
        row.seenBy,
        row.remediation.reset,
        row.remediation.hold,
        row.remediation.hold === "active" ? row.remediation.holdUntil : null,
      ]);
    }
    if (chunk) yield chunk;
    if (!page.nextCursor) return;
    after = page.nextCursor;
  }
}
