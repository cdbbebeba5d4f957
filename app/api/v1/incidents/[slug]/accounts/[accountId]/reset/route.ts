import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { ActionReasonInput } from "@/server/remediation/bulk-action-input";
import { runSingleAction } from "@/server/remediation/single-action";
import { accountIdByExternalIdOrThrow, singleActionResponse } from "../single-action-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; accountId: string }> };

const ResetBody = z.object({ reason: ActionReasonInput });

/** Forces a password reset on one account (the exchange's account id): `{ reason }`. */
export const POST = apiHandler("accounts.reset", async (request, user, context: Context) => {
  const { slug, accountId } = await context.params;
  const db = await getDb();
  return idempotentPost(db, request, user, ResetBody, async (body, requestKey) => {
    const incident = await getIncidentBySlugOrThrow(db, slug);
    const id = await accountIdByExternalIdOrThrow(db, accountId);
    const result = await runSingleAction(
      db,
      incident,
      id,
      { kind: "password_reset", reason: body.reason, requestKey },
      { id: user.id, email: user.email },
    );
    return singleActionResponse(result, { kind: "reset", accountId });
  });
});
