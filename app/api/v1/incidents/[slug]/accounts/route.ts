import { holds } from "@/lib/auth/permissions";
import { parseTriageQuery } from "@/lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "@/lib/triage/query-errors";
import { searchParamsRecord } from "@/lib/triage/search-params";
import { listExposedAccountsOperation } from "@/server/api/operations/accounts";
import { operationRoute } from "@/server/api/operation-route";
import { nextPageUrl } from "@/server/api/schemas/common";
import { AppError } from "@/server/errors";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { countTriageEntries, listTriageEntries } from "@/server/triage/list-triage-entries";

export const dynamic = "force-dynamic";

/**
 * The Exposed accounts table as JSON: the page's own filter, data functions
 * and masking. The query was parsed with the documented schema; the
 * viewer's own rules (a masked viewer neither sorts by nor searches for an
 * address) are the page's parseTriageQuery.
 */
export const GET = operationRoute(listExposedAccountsOperation, async ({ db, request, user, params }) => {
  const viewer = { unmasked: holds(user, "accounts.read_unmasked") };
  const { filter, page } = parseTriageQuery(searchParamsRecord(new URL(request.url).searchParams), viewer);
  if (!filter.success || !page.success) {
    throw new AppError("VALIDATION", `Invalid filter: ${describeQueryErrors(triageQueryErrors(filter, page))}`);
  }
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const [list, total] = await Promise.all([
    listTriageEntries(db, incident, filter.data, page.data, viewer),
    countTriageEntries(db, incident.id, filter.data, viewer),
  ]);
  return {
    status: 200,
    body: {
      accounts: list.rows,
      total,
      page: { next: list.nextCursor, nextUrl: nextPageUrl(request, list.nextCursor) },
    },
  };
});
