import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import type { Permission } from "../lib/auth/permissions";
import { authorizeRoleToken } from "./auth/authenticate-role-token";
import { authorize, type CurrentUser } from "./auth/session";
import { assertTokenCoversRequest } from "./auth/token-incident-scope";
import { getDb } from "./db";
import { isAppError } from "./errors";
import { log, requestIdFrom } from "./log";
import { refuseCrossSiteRequest } from "./http/refuse-cross-site-request";

/**
 * Wraps a route handler: refuses cross-site state changes (the session cookie
 * rides along with any form an attacker's page posts), checks the session and
 * the permission itself (nothing in front of it does), maps errors to JSON with
 * the right status, and keeps answers (staff and customer data) out of caches.
 * An unexpected error is logged by code and request id only (server/log.ts)
 * and answered with that id, so a report can be matched to the log line.
 */
export function apiHandler<Ctx>(
  permission: Permission,
  handler: (request: Request, user: CurrentUser, context: Ctx) => Promise<Response>,
) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    const response = await handle(
      request,
      () => authenticate(request, permission),
      (user) => handler(request, user, context),
    );
    if (!response.headers.has("Cache-Control")) response.headers.set("Cache-Control", "no-store");
    return response;
  };
}

/**
 * A request with an API token (Authorization: Bearer) acts with the token's
 * role, on behalf of the staff member who created it, within its incident if
 * it has one; any other request needs a signed-in staff session. The same
 * permission table decides both.
 */
async function authenticate(request: Request, permission: Permission): Promise<CurrentUser> {
  const authorization = request.headers.get("authorization");
  if (!authorization) return authorize(permission);
  const db = await getDb();
  const principal = await authorizeRoleToken(db, authorization, permission);
  await assertTokenCoversRequest(db, principal.incidentId, new URL(request.url));
  return principal;
}

async function handle(
  request: Request,
  authenticate: () => Promise<CurrentUser>,
  run: (user: CurrentUser) => Promise<Response>,
): Promise<Response> {
  try {
    refuseCrossSiteRequest(request);
    return await run(await authenticate());
  } catch (error) {
    if (isAppError(error)) {
      return NextResponse.json(
        { error: { code: error.code, message: error.message, fields: error.fields } },
        {
          status: error.status,
          headers: error.retryAfterSeconds ? { "Retry-After": String(error.retryAfterSeconds) } : undefined,
        },
      );
    }
    if (error instanceof ZodError) {
      return NextResponse.json(
        {
          error: {
            code: "VALIDATION",
            message: "Invalid request.",
            issues: error.issues.map((i) => ({ path: i.path.join("."), message: i.message })),
          },
        },
        { status: 422 },
      );
    }
    const requestId = requestIdFrom(request.headers);
    log.error("route_handler.unexpected_error", error, {
      requestId,
      route: `${request.method} ${new URL(request.url).pathname}`,
    });
    return NextResponse.json(
      { error: { code: "INTERNAL", message: `Internal error. It was logged (reference ${requestId}).`, requestId } },
      { status: 500, headers: { "X-Request-Id": requestId } },
    );
  }
}
