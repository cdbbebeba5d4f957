import { z } from "zod";
import { toCsvRow } from "@/lib/csv/escape";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { getImportJobOrThrow } from "@/server/imports/get-import-job";
import { iterateImportRejects } from "@/server/imports/list-import-rejects";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ importId: string }> };

/** The rejected rows of an import as CSV (line, reason, raw), streamed. */
export const GET = apiHandler("recipients.import", async (_request, _user, context: Context) => {
  const importId = z.uuid().parse((await context.params).importId);
  const db = await getDb();
  const job = await getImportJobOrThrow(db, importId);
  const rows = iterateImportRejects(db, importId);
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
    headers: { "Content-Type": "text/csv; charset=utf-8", "Content-Disposition": `attachment; filename="rejects-${name}.csv"` },
  });
});
