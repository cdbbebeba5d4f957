import { parseTriageQuery, type TriageViewer } from "../../lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "../../lib/triage/query-errors";
import { searchParamsRecord } from "../../lib/triage/search-params";
import type { ActionKind, SkipReason } from "../../lib/remediation/actions";
import { AppError } from "../errors";
import { triageWhere } from "../triage/list-triage-entries";

/**
 * Which exposed accounts a bulk action is asked to cover: everything that
 * matches a triage filter (the table's URL query), rows ticked in the table,
 * or a file of the exchange's account ids.
 */
import type { BulkSelection } from "../../lib/remediation/contracts";

export type { BulkSelection };

/**
 * The selected triage rows as SQL (columns id, account_id, risk_sort,
 * risk_rules), $1 being the incident. Parameters continue from `params`.
 */
export function selectionSource(
  incidentId: string,
  selection: BulkSelection,
  // Requesting a bulk action needs bulk.request, which only roles that see
  // addresses hold: the filter may search by address.
  viewer: TriageViewer = { unmasked: true },
): { sql: string; params: unknown[] } {
  if (selection.kind === "filter") {
    const { filter, page } = parseTriageQuery(searchParamsRecord(new URLSearchParams(selection.query)), viewer);
    if (!filter.success) {
      throw new AppError("VALIDATION", `Invalid filter: ${describeQueryErrors(triageQueryErrors(filter, page))}`, {
        filter: describeQueryErrors(triageQueryErrors(filter, page)),
      });
    }
    const { where, params } = triageWhere(incidentId, filter.data, viewer);
    return { sql: `SELECT t.id, t.account_id, t.risk_sort, t.risk_rules FROM triage_entries t WHERE ${where}`, params };
  }
  if (selection.kind === "ids") {
    return {
      sql: `SELECT t.id, t.account_id, t.risk_sort, t.risk_rules FROM triage_entries t
             WHERE t.incident_id = $1 AND t.id = ANY($2::int[])`,
      params: [incidentId, selection.ids],
    };
  }
  return {
    sql: `SELECT t.id, t.account_id, t.risk_sort, t.risk_rules FROM triage_entries t
           WHERE t.incident_id = $1
             AND t.account_id IN (SELECT a.id FROM customer_accounts a WHERE a.external_id = ANY($2::text[]))`,
    params: [incidentId, selection.externalIds],
  };
}

/**
 * Why an account of the selection is left out, as a SQL expression over the
 * selected row `s` and its remediation `ar` (NULL: it is acted on).
 * `now` and `cooldown` are SQL expressions for the current time and the
 * release cool-down in hours.
 */
export function skipReasonSql(kind: ActionKind, now: string, cooldown: string): string {
  const holdActive = `(ar.hold_status = 'active' AND (ar.hold_until IS NULL OR ar.hold_until > ${now}::timestamptz))`;
  const cases: [string, SkipReason][] = [[`s.account_id IS NULL`, "no_account"]];
  if (kind === "password_reset") cases.push([`ar.reset_status IN ('requested', 'sent', 'completed')`, "reset_already_done"]);
  if (kind === "withdrawal_hold") {
    cases.push([holdActive, "hold_already_active"]);
    cases.push([
      `ar.hold_status = 'released' AND ar.hold_changed_at > ${now}::timestamptz - make_interval(secs => ${cooldown}::float8 * 3600)`,
      "recently_released",
    ]);
  }
  if (kind === "hold_release") cases.push([`NOT coalesce(${holdActive}, false)`, "no_active_hold"]);
  return `CASE ${cases.map(([when, reason]) => `WHEN ${when} THEN '${reason}'`).join(" ")} END`;
}
