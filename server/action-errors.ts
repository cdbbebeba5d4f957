import "server-only";
import { ZodError } from "zod";
import type { ActionResult } from "../lib/action-result";
import { StepUpRequiredError } from "./auth/step-up";
import { isAppError } from "./errors";
import { log, requestIdFrom } from "./log";

/**
 * Turns an error thrown inside a server action into what the form shows.
 * Expected errors keep their message; anything else is logged and shown as a
 * generic message, so internals never reach the browser.
 */
export function actionError(error: unknown): ActionResult {
  if (error instanceof StepUpRequiredError) return { ok: false, message: error.message, stepUp: error.stepUp };
  if (isAppError(error)) return { ok: false, message: error.message, fieldErrors: error.fields };
  if (error instanceof ZodError) {
    const fieldErrors: Record<string, string> = {};
    for (const issue of error.issues) {
      const key = issue.path.join(".") || "form";
      fieldErrors[key] ??= issue.message;
    }
    return { ok: false, message: "Please correct the highlighted fields.", fieldErrors };
  }
  const requestId = requestIdFrom();
  log.error("server_action.unexpected_error", error, { requestId });
  return {
    ok: false,
    message: `Something went wrong on our side. The error was logged (reference ${requestId}); please try again.`,
  };
}
