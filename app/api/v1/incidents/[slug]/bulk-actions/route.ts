import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getBulkActionViewOrThrow, toApiBulkAction } from "@/server/remediation/get-bulk-action";
import { requestBulkAction } from "@/server/remediation/request-bulk-action";
import { ApiBulkActionBody, requestInputOf } from "./api-bulk-action-body";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string }> };

/**
 * Requests a bulk action; the accounts are frozen now. 201 with
 * `{ bulkAction }`: "running" at once at or below the four-eyes threshold,
 * else "pending_approval" until a second person approves it.
 */
export const POST = apiHandler("bulk.request", async (request, user, context: Context) => {
  const { slug } = await context.params;
  const db = await getDb();
  return idempotentPost(db, request, user, ApiBulkActionBody, async (body, requestKey) => {
    const incident = await getIncidentBySlugOrThrow(db, slug);
    const requested = await requestBulkAction(db, incident, requestInputOf(body, requestKey), {
      id: user.id,
      email: user.email,
    });
    const view = await getBulkActionViewOrThrow(db, requested.id);
    return { status: 201, body: { bulkAction: toApiBulkAction(view) } };
  });
});
