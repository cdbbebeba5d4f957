import { z } from "zod";
import { apiHandler } from "@/server/api-handler";
import { expireApiTokenNow } from "@/server/auth/expire-api-token";
import { getDb } from "@/server/db";
import { env } from "@/server/env";
import { AppError } from "@/server/errors";
import { apiJson, parseJsonBody } from "@/server/http/idempotency";

export const dynamic = "force-dynamic";

const ExpireBody = z.object({ token: z.string().min(1).max(200) });

/**
 * Test hook for the e2e authorisation matrix (BREACHDESK_E2E_HOOKS=on, else
 * 404): the API token with this secret expires now, so that the matrix can
 * show an expired token refused without waiting out a day. Admins only, and
 * it only takes away: an expiry is never moved later.
 */
export const POST = apiHandler("api_tokens.manage", async (request) => {
  const { token } = await parseJsonBody(request, ExpireBody);
  if (env().BREACHDESK_E2E_HOOKS !== "on") throw new AppError("NOT_FOUND", "No such route.");
  if (!(await expireApiTokenNow(await getDb(), token))) throw new AppError("NOT_FOUND", "No such API token.");
  return apiJson({ expired: true });
});
