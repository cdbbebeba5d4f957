import path from "node:path";
import { z } from "zod";
import { THROTTLE } from "../lib/auth/throttle";

// The one place that reads process.env (enforced by ESLint). Everything else
// asks for `env()`.
const EnvInput = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // The owner role's URL on PostgreSQL: migrations run under it, and it grants
  // the role of DATABASE_URL what the app needs (on the audit log only INSERT
  // and SELECT). Unset: DATABASE_URL's role migrates and owns every table
  // (docs/operations.md, "Running on PostgreSQL"; docs/database-roles.md).
  BREACHDESK_MIGRATION_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "BREACHDESK_MIGRATION_DATABASE_URL must be a postgres:// or postgresql:// URL")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // The audit chain's HMAC key (server/audit/audit-key.ts); derived from
  // NEXTAUTH_SECRET when unset.
  BREACHDESK_AUDIT_KEY: z
    .string()
    .min(32, "BREACHDESK_AUDIT_KEY must be at least 32 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // The secret the evidence packs' Ed25519 signing key is derived from
  // (server/evidence/signing-key.ts); NEXTAUTH_SECRET when unset.
  BREACHDESK_EVIDENCE_KEY: z
    .string()
    .min(32, "BREACHDESK_EVIDENCE_KEY must be at least 32 characters")
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Minutes between the worker's log lines of the audit chain's head (0: only at bulk action ends).
  BREACHDESK_AUDIT_HEAD_LOG_MINUTES: z.coerce.number().min(0).max(24 * 60).default(15),
  BREACHDESK_DATA_DIR: z.string().min(1).default(".data"),
  // PGlite's buffer cache in MB; unset: PGlite's own 128 MB. The app's server
  // sets a larger one for itself (scripts/serve.mjs): PGlite fills the whole
  // cache when it opens, so a CLI command or a test should not pay for it.
  BREACHDESK_PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(16).max(1024).optional(),
  // Named prepared statements for the reads every page makes (server/db/driver.ts,
  // preparedSql). "off" for a connection pooler that cannot hold them, such as
  // PgBouncer before 1.21 in transaction mode (1.21 and later: max_prepared_statements).
  BREACHDESK_PG_PREPARED: z.enum(["on", "off"]).default("on"),
  NEXTAUTH_SECRET: z.string().min(32, "NEXTAUTH_SECRET must be at least 32 characters").optional(),
  BREACHDESK_ADMIN_PASSWORD: z.string().optional(),
  SESSION_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(7 * 24 * 3600)
    .default(8 * 3600),
  // Remediation: see docs/remediation.md.
  BREACHDESK_WORKER: z.enum(["on", "off"]).default("on"),
  BREACHDESK_APPROVAL_THRESHOLD: z.coerce.number().int().min(1).default(100),
  BREACHDESK_APPROVAL_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(24),
  // The retention schedule a close proposes (docs/closing-an-incident.md): days
  // after the close until the personal data is pseudonymised, and until the
  // pseudonymised remainder is erased. The request may choose within the bounds.
  BREACHDESK_RETENTION_PSEUDONYMISE_DAYS: z.coerce.number().int().min(0).max(365).default(30),
  BREACHDESK_RETENTION_ERASE_DAYS: z.coerce.number().int().min(1).max(3650).default(1825),
  BREACHDESK_HOLD_HOURS: z.coerce.number().int().min(1).max(24 * 365).default(72),
  BREACHDESK_RELEASE_COOLDOWN_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  // Items per batch: default 2,500 on PostgreSQL (fewer round trips per
  // item), 500 on PGlite (a batch holds its one connection; pages wait).
  BREACHDESK_WORK_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).optional(),
  BREACHDESK_WORK_LEASE_SECONDS: z.coerce.number().min(1).max(600).default(15),
  BREACHDESK_WORK_POLL_MS: z.coerce.number().int().min(10).max(60_000).default(500),
  // Claim loops per worker process: default 2 on PostgreSQL (one runs its SQL
  // while the other hashes its audit entries), 1 on PGlite (one connection).
  BREACHDESK_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  // Forgetting a closed incident (docs/forgetting.md): rows per table in one
  // unit of work (one transaction, resumed from there after a crash).
  BREACHDESK_FORGET_BATCH_SIZE: z.coerce.number().int().min(1).max(100_000).default(10_000),
  // Customer notices: see docs/notices.md. No host:
  // messages go to the local outbox table (readable in the app), never out.
  BREACHDESK_SMTP_HOST: z.string().optional().or(z.literal("").transform(() => undefined)),
  BREACHDESK_SMTP_PORT: z.coerce.number().int().min(1).max(65_535).default(587),
  // implicit: TLS from the first byte (port 465); starttls: upgrade, required;
  // none: plain (a relay on the same host or a test server only).
  BREACHDESK_SMTP_TLS: z.enum(["implicit", "starttls", "none"]).default("starttls"),
  BREACHDESK_SMTP_USER: z.string().optional(),
  BREACHDESK_SMTP_PASSWORD: z.string().optional(),
  BREACHDESK_NOTICE_FROM: z.email().default("security@breachdesk.invalid"),
  BREACHDESK_NOTICE_REPLY_TO: z.email().optional().or(z.literal("").transform(() => undefined)),
  // Messages per second per sender process; 0: no limit.
  BREACHDESK_SMTP_RATE_PER_SECOND: z.coerce.number().min(0).max(100_000).default(0),
  BREACHDESK_SMTP_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(5),
  // Temporary failures (4xx) are retried after base * 2^(attempt-1) seconds, up to this many attempts.
  BREACHDESK_SMTP_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(6),
  BREACHDESK_SMTP_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(3_600).default(60),
  BREACHDESK_NOTICE_BATCH_SIZE: z.coerce.number().int().min(1).max(5_000).default(100),
  // Claim loops per sender process: two keep the connections busy while a batch is recorded.
  BREACHDESK_NOTICE_SENDER_LOOPS: z.coerce.number().int().min(1).max(16).default(2),
  // Audit forwarding to a SIEM: see docs/audit-forwarding.md. Entries per
  // batch; the first retry's delay (doubled per failure in a row); failures in
  // a row that open a destination's breaker, and how long it then rests.
  BREACHDESK_SIEM_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(1_000),
  BREACHDESK_SIEM_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(3_600).default(1),
  BREACHDESK_SIEM_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(8),
  BREACHDESK_SIEM_BREAKER_SECONDS: z.coerce.number().min(1).max(86_400).default(300),
  // Test hook for the crash tests: the worker announces the named point on
  // stderr and stops there, so the test can SIGKILL it at exactly that point.
  BREACHDESK_CRASH_AT: z.string().optional(),
  // Test hook for the e2e step-up tests: POST /api/e2e/age-second-factor makes
  // the caller's own sign-in count its second factor as given long ago (it can
  // only take a permission away, never give one); and for the authorisation
  // matrix, POST /api/e2e/expire-api-token ends a token now (admins only, never
  // later). Off unless "on".
  BREACHDESK_E2E_HOOKS: z.enum(["on", "off"]).default("off"),
  // The exchange: see docs/exchange.md. The built-in
  // provider (the exchange's state kept in Breachdesk's own database) is the
  // default; "http" calls the exchange over the signed provider contract.
  BREACHDESK_PROVIDER: z.enum(["builtin", "http"]).default("builtin"),
  BREACHDESK_EXCHANGE_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Shared secrets, comma-separated: requests are signed with each; webhooks verified against any (rotation). */
  BREACHDESK_EXCHANGE_SECRETS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .refine((list) => list.every((s) => s.length >= 16), "each secret must be at least 16 characters")
    .refine((list) => list.length <= 2, "at most two active secrets (the current one and the next)"),
  /** Accounts per second sent to the exchange by this process; 0: no limit. */
  BREACHDESK_EXCHANGE_RATE_LIMIT: z.coerce.number().min(0).default(0),
  /** Calls in flight at once from this process. */
  BREACHDESK_EXCHANGE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(8),
  BREACHDESK_EXCHANGE_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /** Items per batch call (the contract allows up to 1,000). */
  BREACHDESK_EXCHANGE_ITEMS_PER_CALL: z.coerce.number().int().min(1).max(1_000).default(500),
  /** Attempts of one call before its items go back to the queue. */
  BREACHDESK_EXCHANGE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(5),
  BREACHDESK_EXCHANGE_BACKOFF_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(200),
  BREACHDESK_EXCHANGE_BACKOFF_CAP_MS: z.coerce.number().int().min(1).max(600_000).default(10_000),
  /**
   * Webhook requests per second from one source address, and the burst above
   * it, shared by every process (database-backed); past it, 429.
   */
  BREACHDESK_WEBHOOK_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  BREACHDESK_WEBHOOK_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(100),
  /** Days refused webhook deliveries (rows and unsigned counts) are kept. */
  BREACHDESK_WEBHOOK_REFUSAL_RETENTION_DAYS: z.coerce.number().int().min(1).max(3_650).default(30),
  /**
   * Minutes sign-in attempts are kept; never less than the sign-in throttle's
   * window, which counts them.
   */
  BREACHDESK_SIGN_IN_ATTEMPT_RETENTION_MINUTES: z.coerce
    .number()
    .int()
    .min(THROTTLE.windowMinutes)
    .max(525_600)
    .default(THROTTLE.windowMinutes),
  /** Calls failing in a row (after their retries) that open the circuit breaker. */
  BREACHDESK_EXCHANGE_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  BREACHDESK_EXCHANGE_BREAKER_COOLDOWN_SECONDS: z.coerce.number().min(0.1).max(3_600).default(30),
  // API tokens: requests per second and burst, per token and process.
  BREACHDESK_API_RATE_PER_SECOND: z.coerce.number().positive().max(10_000).default(10),
  BREACHDESK_API_RATE_BURST: z.coerce.number().int().min(1).max(100_000).default(30),
  /** The app's public URL; requests from this origin count as our own (CSRF checks). */
  NEXTAUTH_URL: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  // Outgoing events (docs/integrations.md). Hosts an admin allows although they
  // resolve to private, loopback or link-local addresses (comma-separated host names).
  BREACHDESK_OUTBOUND_ALLOW_HOSTS: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    ),
  BREACHDESK_EVENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /** Attempts of one delivery before it is given up ("failed"). */
  BREACHDESK_EVENT_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  BREACHDESK_EVENT_RETRY_BASE_SECONDS: z.coerce.number().min(0).max(3_600).default(5),
  BREACHDESK_EVENT_RETRY_CAP_SECONDS: z.coerce.number().min(0).max(86_400).default(3_600),
  /** Deliveries failing in a row that open a destination's breaker, and how long it stays open. */
  BREACHDESK_EVENT_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1_000).default(5),
  BREACHDESK_EVENT_BREAKER_COOLDOWN_SECONDS: z.coerce.number().min(0).max(86_400).default(60),
  /** A destination is disabled after this many failures in a row, or failing for this many hours. */
  BREACHDESK_EVENT_DISABLE_AFTER_FAILURES: z.coerce.number().int().min(1).max(100_000).default(50),
  BREACHDESK_EVENT_DISABLE_AFTER_HOURS: z.coerce.number().min(0.01).max(24 * 30).default(24),
  /** Hours a rotated webhook secret still signs (beside the new one). */
  BREACHDESK_WEBHOOK_SECRET_GRACE_HOURS: z.coerce.number().min(0).max(24 * 30).default(24),
  /** Largest upload accepted by the import route, in bytes (default 512 MiB). */
  BREACHDESK_MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(512 * 1024 * 1024),
  /**
   * Reverse proxies whose X-Forwarded-For is believed, comma-separated IP
   * addresses (e.g. "127.0.0.1,10.0.0.5"). Empty: the socket address is the
   * client, whatever the headers say.
   */
  BREACHDESK_TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((list) =>
      list
        .split(",")
        .map((ip) => ip.trim())
        .filter(Boolean),
    ),
  // Sign-in: see docs/sign-in.md (single sign-on, second factor).
  /** "off": no password sign-in (SSO only). */
  BREACHDESK_PASSWORD_SIGNIN: z.enum(["on", "off"]).default("on"),
  /** The identity provider's issuer URL; SSO is on when this and the client id are set. */
  BREACHDESK_OIDC_ISSUER: z
    .url()
    .optional()
    .or(z.literal("").transform(() => undefined)),
  BREACHDESK_OIDC_CLIENT_ID: z.string().optional(),
  BREACHDESK_OIDC_CLIENT_SECRET: z.string().optional(),
  /** Shown on the button: "Sign in with <name>". */
  BREACHDESK_OIDC_NAME: z.string().min(1).max(60).default("single sign-on"),
  /** The ID token / userinfo claim that lists the user's groups. */
  BREACHDESK_OIDC_GROUPS_CLAIM: z.string().min(1).default("groups"),
  /** Scopes asked for; add the one that releases the groups claim if the provider needs one (Okta: "groups"). */
  BREACHDESK_OIDC_SCOPES: z.string().min(1).default("openid email profile"),
  /** "group:role,group:role": the first listed group the user is in gives the role. */
  BREACHDESK_OIDC_ROLE_MAP: z.string().default(""),
  /**
   * "corp.example,other.example": e-mail domains this identity provider is the
   * authority for. Single sign-on links an existing staff record with the same
   * address only when the address is in one of them (exactly, not a subdomain)
   * and the provider says `email_verified: true`. Empty: never linked by address.
   */
  BREACHDESK_OIDC_TRUSTED_EMAIL_DOMAINS: z
    .string()
    .default("")
    .transform((value) =>
      value
        .split(",")
        .map((domain) => domain.trim().toLowerCase())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().regex(/^[a-z0-9.-]+\.[a-z0-9-]+$/, "a bare domain such as corp.example"))),
  /** Step-up: approving a bulk action needs a second factor no older than this. */
  BREACHDESK_STEP_UP_MAX_AGE_SECONDS: z.coerce
    .number()
    .int()
    .min(0)
    .max(24 * 3600)
    .default(300),
});

export type Env = z.infer<typeof EnvInput> & { dataDir: string };

let cached: Env | undefined;

export function env(): Env {
  if (cached) return cached;
  const parsed = EnvInput.safeParse(process.env);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`Invalid environment: ${detail}`);
  }
  cached = { ...parsed.data, dataDir: path.resolve(parsed.data.BREACHDESK_DATA_DIR) };
  return cached;
}

/** For tests and the CLI, which set variables after the first read. */
export function resetEnvCache(): void {
  cached = undefined;
}
