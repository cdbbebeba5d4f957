import { resetAccountOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { runSingleAction } from "@/server/remediation/single-action";
import { accountIdByExternalIdOrThrow } from "@/server/accounts/account-external-id";
import { singleActionResponse } from "../single-action-response";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/** Forces a password reset on one account (the exchange's account id): `{ reason }`. */
export const POST = operationRoute(resetAccountOperation, async ({ db, user, params, body, requestKey }) => {
  const incident = await getIncidentBySlugOrThrow(db, params.slug);
  const id = await accountIdByExternalIdOrThrow(db, params.accountId);
  const result = await runSingleAction(
    db,
    incident,
    id,
    { kind: "password_reset", reason: body.reason, requestKey },
    requestActorOf(user),
  );
  return singleActionResponse(result, { kind: "reset", accountId: params.accountId });
});
