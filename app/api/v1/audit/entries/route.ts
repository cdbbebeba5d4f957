import { listAuditEntriesOperation } from "@/server/api/operations/audit";
import { operationRoute } from "@/server/api/operation-route";
import { nextPageUrl } from "@/server/api/schemas/common";
import { listAuditLog } from "@/server/audit/list-audit-log";

export const dynamic = "force-dynamic";

/** GET /api/v1/audit/entries: what the Audit log page lists, with the same filters. */
export const GET = operationRoute(listAuditEntriesOperation, async ({ db, request, query }) => {
  const { after, limit, ...filter } = query;
  const page = await listAuditLog(db, filter, { after, limit });
  const next = page.next === null ? null : String(page.next);
  return { status: 200, body: { entries: page.entries, page: { next, nextUrl: nextPageUrl(request, next) } } };
});
