import "server-only";
import { NextResponse } from "next/server";
import { ZodError } from "zod";
import type { Permission } from "../lib/auth/permissions";
import { authorize, type CurrentUser } from "./auth/session";
import { isAppError } from "./errors";

/**
 * Wraps a route handler: checks the session and the permission itself (never
 * trusting the proxy), and maps errors to JSON with the right status.
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
      console.error("Unexpected error in route handler", error);
      return NextResponse.json(
        { error: { code: "INTERNAL", message: "Internal error. It was logged." } },
        { status: 500 },
      );
    }
  };
}
