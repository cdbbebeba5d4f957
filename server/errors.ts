export type AppErrorCode =
  | "NOT_FOUND"
  | "FORBIDDEN"
  | "UNAUTHENTICATED"
  | "CONFLICT"
  | "VALIDATION"
  | "RATE_LIMITED"
  | "PAYLOAD_TOO_LARGE"
  // An Idempotency-Key sent again with a different request (IETF draft: 422).
  | "IDEMPOTENCY_KEY_REUSED"
  // A sensitive action (approving a bulk action) needs a recent second factor.
  | "STEP_UP_REQUIRED"
  // The incident is closed: it is read-only until someone reopens it.
  | "INCIDENT_CLOSED";

const HTTP_STATUS: Record<AppErrorCode, number> = {
  NOT_FOUND: 404,
  FORBIDDEN: 403,
  UNAUTHENTICATED: 401,
  CONFLICT: 409,
  VALIDATION: 422,
  RATE_LIMITED: 429,
  PAYLOAD_TOO_LARGE: 413,
  IDEMPOTENCY_KEY_REUSED: 422,
  STEP_UP_REQUIRED: 403,
  INCIDENT_CLOSED: 409,
};

/** An expected error: its message is safe to show to the user. */
export class AppError extends Error {
  readonly code: AppErrorCode;
  readonly fields?: Record<string, string>;
  /** RATE_LIMITED: when to try again (the Retry-After header). */
  retryAfterSeconds?: number;

  constructor(code: AppErrorCode, message: string, fields?: Record<string, string>) {
    super(message);
    this.name = "AppError";
    this.code = code;
    this.fields = fields;
  }

  get status(): number {
    return HTTP_STATUS[this.code];
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

/**
 * A database error's code, by code, never by message text: Prisma's known
 * request codes (P2002, P2025...), or the SQLSTATE that a driver adapter passes
 * through unmapped (the PGlite adapter does, for unique violations) and that
 * the pg driver raises on raw queries, translated to Prisma's code.
 */
export function prismaErrorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === "string" && /^P\d{4}$/.test(code)) return code;
  const cause = (error as { cause?: { kind?: unknown; code?: unknown } }).cause;
  const sqlState = typeof code === "string" ? code : typeof cause?.code === "string" ? cause.code : undefined;
  if (cause?.kind === "UniqueConstraintViolation" || sqlState === "23505") return "P2002";
  if (sqlState === "23503") return "P2003";
  return undefined;
}
