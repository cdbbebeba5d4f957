import { approveBulkActionOperation } from "@/server/api/operations/remediation";
import { operationRoute } from "@/server/api/operation-route";
import { requireRecentSecondFactor } from "@/server/auth/step-up";
import { approveBulkAction } from "@/server/remediation/control-bulk-action";
import { bulkActionAnswer } from "../bulk-action-answer";
import { requestActorOf } from "@/server/auth/request-actor";

export const dynamic = "force-dynamic";

/** Approves a bulk action awaiting approval (four eyes: never the requester's own): `{ note? }`. */
export const POST = operationRoute(
  approveBulkActionOperation,
  async ({ db, user, params, body }) => {
    await approveBulkAction(db, params.id, requestActorOf(user), { note: body.note });
    return bulkActionAnswer(db, params.id);
  },
  {
    // After the body is checked (a bad one is 422 whatever the session), step-up
    // as in the app: the session's second factor must be recent (403
    // STEP_UP_REQUIRED otherwise: confirm in the app, then call again); a token
    // never approves. Before the idempotency record, so that the refusal is not
    // replayed to the retry.
    prepare: () => requireRecentSecondFactor(),
  },
);
