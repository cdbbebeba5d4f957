import { releaseHoldOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { getAccountExternalIdOrThrow } from "@/server/accounts/account-external-id";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getActiveHoldOrThrow, runSingleAction } from "@/server/remediation/single-action";
import { singleActionResponse } from "../../../accounts/[accountId]/single-action-response";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/** Releases an active hold: `{ releaseCode, note, confirmCritical? }`. */
export const POST = operationRoute(releaseHoldOperation, async ({ db, user, params, body, requestKey }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const hold = await getActiveHoldOrThrow(db, incident.id, params.holdId);
  const externalId = await getAccountExternalIdOrThrow(db, hold.accountId);
  const result = await runSingleAction(
    db,
    incident,
    hold.accountId,
    {
      kind: "hold_release",
      reason: body.note,
      releaseCode: body.releaseCode,
      confirmCritical: body.confirmCritical,
      requestKey,
    },
    requestActorOf(user),
  );
  return singleActionResponse(result, { kind: "release", accountId: externalId, holdId: params.holdId });
});
