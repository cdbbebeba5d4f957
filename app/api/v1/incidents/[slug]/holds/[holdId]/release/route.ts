import { z } from "zod";
import { RELEASE_CODES } from "@/lib/remediation/actions";
import { apiHandler } from "@/server/api-handler";
import { getDb } from "@/server/db";
import { AppError } from "@/server/errors";
import { idempotentPost } from "@/server/http/idempotency";
import { getIncidentBySlugOrThrow } from "@/server/incidents/get-incident";
import { getActiveHoldOrThrow, runSingleAction } from "@/server/remediation/single-action";
import { singleActionResponse } from "../../../accounts/[accountId]/single-action-response";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ slug: string; holdId: string }> };

const ReleaseBody = z.object({
  releaseCode: z.enum(RELEASE_CODES, `Choose a release reason: ${RELEASE_CODES.join(", ")}.`),
  note: z.string().trim().min(3, "Give a note (at least 3 characters).").max(1000),
  /** The account still fires a critical risk rule, and the caller releases it anyway. */
  confirmCritical: z.boolean().default(false),
});

/** Releases an active hold: `{ releaseCode, note, confirmCritical? }`. */
export const POST = apiHandler("holds.release", async (request, user, context: Context) => {
  const { slug, holdId } = await context.params;
  const db = await getDb();
  return idempotentPost(db, request, user, ReleaseBody, async (body, requestKey) => {
    const incident = await getIncidentBySlugOrThrow(db, slug);
    if (!z.uuid().safeParse(holdId).success) throw new AppError("NOT_FOUND", "No such hold in this incident.");
    const hold = await getActiveHoldOrThrow(db, incident.id, holdId);
    const account = await db.prisma.customerAccount.findUniqueOrThrow({
      where: { id: hold.accountId },
      select: { externalId: true },
    });
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
      { id: user.id, email: user.email },
    );
    return singleActionResponse(result, { kind: "release", accountId: account.externalId, holdId });
  });
});
