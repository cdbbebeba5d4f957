import { exportAuditEntriesOperation } from "@/server/api/operations/audit";
import { operationRoute } from "@/server/api/operation-route";
import { exportAuditLog } from "@/server/audit/export-audit-log";
import { streamedDownload } from "@/server/http/streamed-download";

export const dynamic = "force-dynamic";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", jsonl: "application/jsonl; charset=utf-8" } as const;

/** GET /api/v1/audit/entries/export: the filtered log, streamed; the export is audited before a byte goes out. */
export const GET = operationRoute(exportAuditEntriesOperation, async ({ db, user, request, query }) => {
  const { format, ...filter } = query;
  const search = new URL(request.url).searchParams;
  search.delete("format");
  const rows = await exportAuditLog(db, user, filter, format, search.toString());
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  return streamedDownload(rows, {
    contentType: CONTENT_TYPES[format],
    fileName: `breachdesk-audit-${stamp}.${format}`,
  });
});
