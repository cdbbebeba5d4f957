import { toCsvRow } from "@/lib/csv/escape";
import { exportImportRejectsOperation } from "@/server/api/operations/imports";
import { operationRoute } from "@/server/api/operation-route";
import { streamedDownload } from "@/server/http/streamed-download";
import { getImportJobOrThrow } from "@/server/imports/get-import-job";
import { iterateImportRejects } from "@/server/imports/list-import-rejects";

export const dynamic = "force-dynamic";

/** The rejected rows of an import as CSV (line, reason, raw), streamed. */
export const GET = operationRoute(exportImportRejectsOperation, async ({ db, params }) => {
  const job = await getImportJobOrThrow(db, params.importId);
  const name = job.fileName.replace(/[^\w.-]+/g, "_");
  return streamedDownload(rejectsCsv(iterateImportRejects(db, params.importId)), {
    contentType: "text/csv; charset=utf-8",
    fileName: `rejects-${name}.csv`,
  });
});

async function* rejectsCsv(rows: ReturnType<typeof iterateImportRejects>) {
  yield toCsvRow(["line", "reason", "raw"]);
  for await (const row of rows) yield toCsvRow([row.line, row.reason, row.raw]);
}
