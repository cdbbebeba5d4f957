import { z } from "zod";

/**
 * Every error of the API: `{ "error": { code, message, fields? } }`. A request
 * that fails validation names the fields (or, for a malformed query, the
 * issues); an unexpected error carries the request id the log line has.
 * Other properties may ride along (a failed single action also says what it
 * tried).
 */
export const ApiErrorBody = z.looseObject({
  error: z.object({
    code: z.string().meta({
      description:
        "NOT_FOUND, FORBIDDEN, UNAUTHENTICATED, CONFLICT, VALIDATION, RATE_LIMITED, STEP_UP_REQUIRED, INCIDENT_CLOSED, IDEMPOTENCY_KEY_REUSED, IDEMPOTENCY_KEY_IN_USE, PROVIDER_FAILED, INTERNAL…",
    }),
    message: z.string().meta({ description: "Safe to show to a person." }),
    fields: z
      .record(z.string(), z.string())
      .optional()
      .meta({ description: "Field (dotted path) to what is wrong with it." }),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    requestId: z.string().optional(),
  }),
});
