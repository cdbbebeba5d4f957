import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { apiJson } from "@/server/http/idempotency";
import { getBulkActionViewOrThrow, toApiBulkAction } from "@/server/remediation/get-bulk-action";
import { bulkActionIdOrThrow } from "./bulk-action-answer";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** A bulk action's status and counts (succeeded, skipped, failed, cancelled, remaining), for polling. */
export const GET = apiHandler("incidents.read", async (_request, _user, context: Context) => {
  const id = bulkActionIdOrThrow((await context.params).id);
  const view = await getBulkActionViewOrThrow(await getDb(), id);
  return apiJson({ bulkAction: toApiBulkAction(view) });
});
