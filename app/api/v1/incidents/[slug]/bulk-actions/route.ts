import { listBulkActionsOperation, requestBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { requestInputOf } from "@/server/remediation/api-bulk-action-body";
import { apiActionKind, getBulkActionViewOrThrow, toApiBulkAction } from "@/server/remediation/get-bulk-action";
import { listBulkActions, type BulkActionListRow } from "@/server/remediation/list-bulk-actions";
import { requestBulkAction } from "@/server/remediation/request-bulk-action";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/**
 * Requests a bulk action; the accounts are frozen now. 201 with
 * `{ bulkAction }`: "running" at once at or below the four-eyes threshold,
 * else "pending_approval" until a second person approves it.
 */
export const POST = operationRoute(requestBulkActionOperation, async ({ db, user, params, body, requestKey }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const requested = await requestBulkAction(db, incident, requestInputOf(body, requestKey), requestActorOf(user));
  const view = await getBulkActionViewOrThrow(db, requested.id);
  return { status: 201, body: { bulkAction: toApiBulkAction(view) } };
});

/** The Bulk actions page's list: awaiting approval first, then the latest others; kinds named as the API names them. */
export const GET = operationRoute(listBulkActionsOperation, async ({ db, params, query }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const { pending, others } = await listBulkActions(db, incident.id, { limit: query.limit });
  const api = (row: BulkActionListRow) => ({ ...row, kind: apiActionKind(row.kind) });
  return { status: 200, body: { pending: pending.map(api), others: others.map(api) } };
});
