import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import type { Permission } from "../lib/auth/permissions";
import { authorize, type CurrentUser } from "./auth/session";
import { isAppError } from "./errors";
import { log, requestIdFrom } from "./log";

/**
 * Wraps a route handler: checks the session and the permission itself (never
 * trusting the proxy), and maps errors to JSON with the right status. An
 * unexpected error is logged by code and request id only (server/log.ts) and
 * answered with that id, so a report can be matched to the log line.
 */
export function apiHandler<Ctx>(
  permission: Permission,
  handler: (request: Request, user: CurrentUser, context: Ctx) => Promise<Response>,
) {
  return async (request: Request, context: Ctx): Promise<Response> => {
    try {
      const user = await authorize(permission);
      return await handler(request, user, context);
    } catch (error) {
      if (isAppError(error)) {
        return NextResponse.json(
          { error: { code: error.code, message: error.message, fields: error.fields } },
          { status: error.status },
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
  };
}
