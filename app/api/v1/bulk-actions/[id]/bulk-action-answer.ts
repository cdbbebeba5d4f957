import type { Db } from "@/server/db";
import type { IdempotentResponse } from "@/server/http/idempotency";
import { getBulkActionViewOrThrow, toApiBulkAction } from "@/server/remediation/get-bulk-action";

// Shared by the routes under /api/v1/bulk-actions/{id}.

/** 200 with the bulk action as it is now, plus what the verb reports (items cancelled, requeued). */
export async function bulkActionAnswer(
  db: Db,
  id: string,
  extra: Record<string, unknown> = {},
): Promise<IdempotentResponse> {
  const view = await getBulkActionViewOrThrow(db, id);
  return { status: 200, body: { bulkAction: toApiBulkAction(view), ...extra } };
}
