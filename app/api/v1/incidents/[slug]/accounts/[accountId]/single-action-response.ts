import type { ApiActionKind } from "@/lib/remediation/actions";
import type { Db } from "@/server/db";
import { AppError } from "@/server/errors";
import type { IdempotentResponse } from "@/server/http/idempotency";
import type { SingleActionResult } from "@/server/remediation/single-action";

// Shared by the single-action routes (reset, hold, release).

/**
 * The internal id of an account named by the exchange's own account id. Unknown
 * and not-exposed ids get the same answer, so the URL cannot probe customers
 * outside the incident (runSingleAction checks the exposure).
 */
export async function accountIdByExternalIdOrThrow(db: Db, externalId: string): Promise<number> {
  const account = await db.prisma.customerAccount.findUnique({ where: { externalId }, select: { id: true } });
  if (!account) throw new AppError("NOT_FOUND", "This account is not exposed in this incident.");
  return account.id;
}

/**
 * 201 with the action when it was done (or queued for a worker); 200 when
 * there was nothing to do; 502 when the exchange refused or failed it, so a
 * client that reads only the status still notices.
 */
export function singleActionResponse(
  result: SingleActionResult,
  action: { kind: ApiActionKind; accountId: string; holdId?: string },
): IdempotentResponse {
  const body = {
    action: {
      bulkActionId: result.bulkActionId,
      kind: action.kind,
      accountId: action.accountId,
      ...(action.holdId ? { holdId: action.holdId } : {}),
      status: result.status,
      message: result.message,
    },
  };
  if (result.status === "failed") {
    return { status: 502, body: { error: { code: "PROVIDER_FAILED", message: result.message }, ...body } };
  }
  return { status: result.status === "skipped" ? 200 : 201, body };
}
