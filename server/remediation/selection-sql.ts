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
 * A hold released as verified with the customer, with no security event on
 * the account after the release: the customer was checked, so a bulk hold
 * leaves them out unless the requester includes them on purpose. Over the
 * selected row `s`, its remediation `ar` and its last hold `wh`.
 */
const VERIFIED_RELEASE = `ar.hold_status = 'released' AND wh.release_code = 'verified_with_customer'`;
const EVENT_SINCE_RELEASE = `EXISTS (SELECT 1 FROM security_events e
                     WHERE e.account_id = s.account_id AND e.occurred_at > coalesce(wh.ended_at, ar.hold_changed_at))`;

/**
 * Why an account of the selection is left out, as a SQL expression over the
 * selected row `s`, its remediation `ar` and (holds) its last hold `wh`
 * (NULL: it is acted on). `now` and `cooldown` are SQL expressions for the
 * current time and the release cool-down in hours.
 */
export function skipReasonSql(kind: ActionKind, now: string, cooldown: string, includeVerified = false): string {
  const holdActive = `(ar.hold_status = 'active' AND (ar.hold_until IS NULL OR ar.hold_until > ${now}::timestamptz))`;
  const cases: [string, SkipReason][] = [[`s.account_id IS NULL`, "no_account"]];
  if (kind === "password_reset") cases.push([`ar.reset_status IN ('requested', 'sent', 'completed')`, "reset_already_done"]);
  if (kind === "withdrawal_hold") {
    cases.push([holdActive, "hold_already_active"]);
    if (!includeVerified) cases.push([`${VERIFIED_RELEASE} AND NOT ${EVENT_SINCE_RELEASE}`, "verified_release"]);
    cases.push([
      `ar.hold_status = 'released' AND ar.hold_changed_at > ${now}::timestamptz - make_interval(secs => ${cooldown}::float8 * 3600)`,
      "recently_released",
    ]);
  }
  if (kind === "hold_release") cases.push([`NOT coalesce(${holdActive}, false)`, "no_active_hold"]);
  return `CASE ${cases.map(([when, reason]) => `WHEN ${when} THEN '${reason}'`).join(" ")} END`;
}

/** A hold's account by its earlier hold state (PRIOR_HOLD_STATES), over `s`, `ar` and `wh`. */
export function priorHoldStateSql(now: string): string {
  return `CASE WHEN ar.hold_status = 'expired' OR (ar.hold_status = 'active' AND ar.hold_until <= ${now}::timestamptz) THEN 'hold_expired'
               WHEN ${VERIFIED_RELEASE} AND ${EVENT_SINCE_RELEASE} THEN 'verified_new_event'
               WHEN ${VERIFIED_RELEASE} THEN 'verified_included'
               WHEN ar.hold_status = 'released' THEN 'released'
               ELSE 'never_held' END`;
}
