import { placeHoldOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { findPlacedHold } from "@/server/remediation/find-placed-hold";
import { runSingleAction } from "@/server/remediation/single-action";
import { accountIdByExternalIdOrThrow } from "@/server/accounts/account-external-id";
import { singleActionResponse } from "../single-action-response";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/**
 * Places a withdrawal hold on one account (the exchange's account id):
 * `{ reason, holdHours? }`. The answer names the hold, to release it later.
 */
export const POST = operationRoute(placeHoldOperation, async ({ db, user, params, body, requestKey }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const id = await accountIdByExternalIdOrThrow(db, params.accountId);
  const result = await runSingleAction(
    db,
    incident,
    id,
    { kind: "withdrawal_hold", reason: body.reason, holdHours: body.holdHours, requestKey },
    requestActorOf(user),
  );
  const response = singleActionResponse(result, { kind: "hold", accountId: params.accountId });
  const hold = await findPlacedHold(db, { incidentId: incident.id, accountId: id, bulkActionId: result.bulkActionId });
  if (!hold) return response;
  const held = { id: hold.id, expiresAt: hold.expiresAt?.toISOString() ?? null };
  return { ...response, body: { ...(response.body as object), hold: held } };
});
