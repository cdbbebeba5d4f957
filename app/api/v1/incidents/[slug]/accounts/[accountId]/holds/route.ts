import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { idempotentPost } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { ActionReasonInput, HoldHoursInput } from "@/server/remediation/bulk-action-input";
import { runSingleAction } from "@/server/remediation/single-action";
import { accountIdByExternalIdOrThrow, singleActionResponse } from "../single-action-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; accountId: string }> };

const HoldBody = z.object({
  reason: ActionReasonInput,
  /** Hours until the hold ends (default: the configured hold time); null holds until released by hand. */
  holdHours: HoldHoursInput.nullish(),
});

/**
 * Places a withdrawal hold on one account (the exchange's account id):
 * `{ reason, holdHours? }`. The answer names the hold, to release it later.
 */
export const POST = apiHandler("holds.place", async (request, user, context: Context) => {
  const { slug, accountId } = await context.params;
  const db = await getDb();
  return idempotentPost(db, request, user, HoldBody, async (body, requestKey) => {
    const incident = await getIncidentBySlugOrThrow(db, slug);
    const id = await accountIdByExternalIdOrThrow(db, accountId);
    const result = await runSingleAction(
      db,
      incident,
      id,
      { kind: "withdrawal_hold", reason: body.reason, holdHours: body.holdHours, requestKey },
      { id: user.id, email: user.email },
    );
    const response = singleActionResponse(result, { kind: "hold", accountId });
    const hold = await db.prisma.withdrawalHold.findFirst({
      where: { incidentId: incident.id, accountId: id, bulkActionId: result.bulkActionId },
      select: { id: true, expiresAt: true },
    });
    if (!hold) return response;
    const held = { id: hold.id, expiresAt: hold.expiresAt?.toISOString() ?? null };
    return { ...response, body: { ...(response.body as object), hold: held } };
  });
});
