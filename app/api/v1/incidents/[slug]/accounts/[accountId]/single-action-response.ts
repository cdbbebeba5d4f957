import type { ApiActionKind } from "@/lib/remediation/actions";
import type { IdempotentResponse } from "@/server/http/idempotency";
import type { SingleActionResult } from "@/server/remediation/single-action";

// Shared by the single-action routes (reset, hold, release).

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
