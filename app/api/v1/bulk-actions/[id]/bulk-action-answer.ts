import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb, type Db } from "@/server/db";
import { AppError } from "@/server/errors";
import { idempotentPost, type IdempotentResponse } from "@/server/http/idempotency";
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

type Context = { params: Promise<{ id: string }> };

/**
 * A POST verb with no body of its own (pause, resume, cancel, retry-failed):
 * `bulk.request`, the id checked, behind Idempotency-Key, answering the bulk
 * action as it is now plus what the verb reports.
 */
export function bodylessVerbRoute(
  run: (db: Db, id: string, actor: { id: string; email: string }) => Promise<Record<string, unknown>>,
) {
  return apiHandler("bulk.request", async (request, user, context: Context) => {
    const id = bulkActionIdOrThrow((await context.params).id);
    const db = await getDb();
    return idempotentPost(db, request, user, EmptyBody, async () =>
      bulkActionAnswer(db, id, await run(db, id, { id: user.id, email: user.email })),
    );
  });
}
