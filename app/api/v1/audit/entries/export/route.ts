import { exportAuditEntriesOperation } from "@/server/api/operations/audit";
import { operationRoute } from "@/server/api/operation-route";
import { exportAuditLog } from "@/server/audit/export-audit-log";

export const dynamic = "force-dynamic";

const CONTENT_TYPES = { csv: "text/csv; charset=utf-8", jsonl: "application/jsonl; charset=utf-8" } as const;

/** GET /api/v1/audit/entries/export: the filtered log, streamed; the export is audited before a byte goes out. */
export const GET = operationRoute(exportAuditEntriesOperation, async ({ db, user, request, query }) => {
  const { format, ...filter } = query;
  const search = new URL(request.url).searchParams;
  search.delete("format");
  const rows = await exportAuditLog(db, user, filter, format, search.toString());
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await rows.return(undefined);
    },
  });
  const stamp = new Date().toISOString().slice(0, 19).replaceAll(":", "");
  return new Response(body, {
    headers: {
      "Content-Type": CONTENT_TYPES[format],
      "Content-Disposition": `attachment; filename="breachdesk-audit-${stamp}.${format}"`,
      "Cache-Control": "no-store",
    },
  });
});
