import { z } from "zod";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { IdempotentResponse } from "@/server/http/idempotency";
import { getBulkActionViewOrThrow, toApiBulkAction } from "@/server/remediation/get-bulk-action";

// Shared by the routes under /api/v1/bulk-actions/{id}.

/** The route's id, checked: anything but a UUID is no such bulk action (404, not a database error). */
export function bulkActionIdOrThrow(id: string): string {
  if (!z.uuid().safeParse(id).success) throw new AppError("NOT_FOUND", "No such bulk action.");
  return id;
}

/** 200 with the bulk action as it is now, plus what the verb reports (items cancelled, requeued). */
export async function bulkActionAnswer(
  db: Db,
  id: string,
  extra: Record<string, unknown> = {},
): Promise<IdempotentResponse> {
  const view = await getBulkActionViewOrThrow(db, id);
  return { status: 200, body: { bulkAction: toApiBulkAction(view), ...extra } };
}

/** The verbs without a body of their own accept none, or an empty object. */
export const EmptyBody = z.object({}).strict();
