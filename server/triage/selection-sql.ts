import { parseTriageQuery, type TriageViewer } from "../../lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "../../lib/triage/query-errors";
import { searchParamsRecord } from "../../lib/triage/search-params";
import { AppError } from "../errors";
import { triageWhere } from "./list-triage-entries";
import type { BulkSelection } from "../../lib/remediation/contracts";

/**
 * Which exposed accounts a piece of work is asked to cover (a bulk action's
 * accounts, a notice campaign's audience): everything that matches a triage
 * filter (the table's URL query), rows ticked in the table, or a file of the
 * exchange's account ids. Here, in triage, so that the kinds of work share it
 * without importing one another.
 *
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
