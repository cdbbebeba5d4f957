import { holds } from "@/lib/auth/permissions";
import { parseTriageQuery, triageFilterToParams } from "@/lib/triage/filter";
import { describeQueryErrors, triageQueryErrors } from "@/lib/triage/query-errors";
import { searchParamsRecord } from "@/lib/triage/search-params";
import { exportAccountsCsv } from "@/server/accounts/export-accounts-csv";
import { ACCOUNTS_EXPORTED_ACTION } from "@/server/accounts/list-account-audit";
import { exportExposedAccountsOperation } from "@/server/api/operations/accounts";
import { operationRoute } from "@/server/api/operation-route";
import { recordAuditEntry } from "@/server/audit/record-audit-entry";
import { AppError } from "@/server/errors";
import { streamedDownload } from "@/server/http/streamed-download";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { countTriageEntries } from "@/server/triage/list-triage-entries";

export const dynamic = "force-dynamic";

// GET /api/v1/incidents/<slug>/accounts/export?<the triage table's filter>:
// every matching row (not only a page) as CSV, streamed.
export const GET = operationRoute(exportExposedAccountsOperation, async ({ db, request, user, params }) => {
  const unmasked = holds(user, "accounts.read_unmasked");
  const { filter, page } = parseTriageQuery(searchParamsRecord(new URL(request.url).searchParams), { unmasked });
  if (!filter.success || !page.success) {
    throw new AppError("VALIDATION", `Invalid filter: ${describeQueryErrors(triageQueryErrors(filter, page))}`);
  }
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const rowCount = await countTriageEntries(db, incident.id, filter.data, { unmasked });
  // Recorded before the first byte leaves: customer data going out of the
  // building is audited even if the download is interrupted.
  await recordAuditEntry(db, {
    actor: user,
    action: ACCOUNTS_EXPORTED_ACTION,
    incidentId: incident.id,
    targetType: "incident",
    targetId: incident.id,
    detail: {
      format: "csv",
      query: triageFilterToParams(filter.data, { sort: page.data.sort }).toString(),
      rowCount,
      masked: !unmasked,
    },
  });
  const chunks = exportAccountsCsv(db, incident, filter.data, page.data.sort, { unmasked });
  return streamedDownload(chunks, {
    contentType: "text/csv; charset=utf-8",
    fileName: `${incident.slug}-exposed-accounts.csv`,
    headers: { "X-Row-Count": String(rowCount) },
  });
});
