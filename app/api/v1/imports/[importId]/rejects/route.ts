import { toCsvRow } from "@/lib/csv/escape";
import { exportImportRejectsOperation } from "@/server/api/operations/imports";
import { operationRoute } from "@/server/api/operation-route";
import { getImportJobOrThrow } from "@/server/imports/get-import-job";
import { iterateImportRejects } from "@/server/imports/list-import-rejects";

export const dynamic = "force-dynamic";

/** The rejected rows of an import as CSV (line, reason, raw), streamed. */
export const GET = operationRoute(exportImportRejectsOperation, async ({ db, params }) => {
  const job = await getImportJobOrThrow(db, params.importId);
  const rows = iterateImportRejects(db, params.importId);
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(toCsvRow(["line", "reason", "raw"])));
    },
    async pull(controller) {
      const next = await rows.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(toCsvRow([next.value.line, next.value.reason, next.value.raw])));
    },
  });
  const name = job.fileName.replace(/[^\w.-]+/g, "_");
  return new Response(body, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="rejects-${name}.csv"`,
    },
  });
});
