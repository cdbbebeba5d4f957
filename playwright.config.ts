import fs from "node:fs";
import { chromium, defineConfig, devices } from "@playwright/test";
import { e2ePort } from "./scripts/free-port";

// Playwright's own Chromium when it is installed (`npx playwright install
// chromium`), else the system's (Debian: `apt-get install chromium`).
function chromiumExecutable(): string | undefined {
  if (process.env.BREACHDESK_CHROMIUM) return process.env.BREACHDESK_CHROMIUM;
  try {
    if (fs.existsSync(chromium.executablePath())) return undefined;
  } catch {
    // Not installed for this Playwright version.
  }
  for (const candidate of ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error(
    "No Chromium found. Install Playwright's (npx playwright install chromium) or the system's (apt-get install chromium), or set BREACHDESK_CHROMIUM.",
  );
}

// A free port chosen once, in the runner; the workers load this file again and
// inherit the choice through the environment. E2E_PORT asks for a given one.
const PORT = process.env.BREACHDESK_E2E_CHOSEN_PORT
  ? Number(process.env.BREACHDESK_E2E_CHOSEN_PORT)
  : e2ePort(process.env.E2E_PORT);
process.env.BREACHDESK_E2E_CHOSEN_PORT = String(PORT);
export const BASE_URL = `http://localhost:${PORT}`;

// With TEST_DATABASE_URL (CI), a second server on PostgreSQL: the
// authorisation matrix runs against it too ("matrix-postgres").
const ON_POSTGRES = Boolean(process.env.TEST_DATABASE_URL);
const PG_PORT = !ON_POSTGRES
  ? 0
  : process.env.BREACHDESK_E2E_PG_PORT
    ? Number(process.env.BREACHDESK_E2E_PG_PORT)
    : e2ePort(undefined);
if (ON_POSTGRES) process.env.BREACHDESK_E2E_PG_PORT = String(PG_PORT);
const PG_BASE_URL = `http://localhost:${PG_PORT}`;

// The reference exchange (tools/exchange-sim) on a free port of its own: the
// embedded-database app applies resets and holds through it over the signed
// HTTP contract, with faults injected on every run (e2e/exchange.spec.ts), and
// it calls the app's webhook back.
const SIM_PORT = process.env.BREACHDESK_E2E_SIM_PORT ? Number(process.env.BREACHDESK_E2E_SIM_PORT) : e2ePort(undefined);
process.env.BREACHDESK_E2E_SIM_PORT = String(SIM_PORT);
export const SIM_URL = `http://127.0.0.1:${SIM_PORT}`;
export const E2E_EXCHANGE_SECRET = "e2e-exchange-secret-0123456789abcdef";
// The SMTP server the app sends customer notices through (e2e/notices.spec.ts
// reads what it received over HTTP): two more free ports, chosen the same way.
const SMTP_PORT = process.env.BREACHDESK_E2E_SMTP_PORT ? Number(process.env.BREACHDESK_E2E_SMTP_PORT) : e2ePort(undefined);
const SMTP_HTTP_PORT = process.env.BREACHDESK_E2E_SMTP_HTTP_PORT
  ? Number(process.env.BREACHDESK_E2E_SMTP_HTTP_PORT)
  : e2ePort(undefined);
process.env.BREACHDESK_E2E_SMTP_PORT = String(SMTP_PORT);
process.env.BREACHDESK_E2E_SMTP_HTTP_PORT = String(SMTP_HTTP_PORT);
export const SMTP_SINK_URL = `http://127.0.0.1:${SMTP_HTTP_PORT}`;
// The identity provider for single sign-on (tools/oidc-test-idp, the
// oidc-provider package) on a free port of its own; the embedded-database app
// is its client, with password sign-in still on for every other spec.
const IDP_PORT = process.env.BREACHDESK_E2E_IDP_PORT ? Number(process.env.BREACHDESK_E2E_IDP_PORT) : e2ePort(undefined);
process.env.BREACHDESK_E2E_IDP_PORT = String(IDP_PORT);
export const IDP_URL = `http://127.0.0.1:${IDP_PORT}`;
export const E2E_OIDC_CLIENT_SECRET = "e2e-oidc-client-secret-0123456789abcdef";
export const E2E_OIDC_NAME = "Test IdP";
const browserProject = { ...devices["Desktop Chrome"], viewport: { width: 1440, height: 900 } };

export default defineConfig({
  testDir: "e2e",
  outputDir: "test-results/e2e",
  fullyParallel: true,
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 2,
  // Two browsers, the app, its worker and two databases share two cores: a
  // journey that takes 15 s on a quiet machine has taken 31 s in CI.
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e.json" }]],
  use: {
    baseURL: BASE_URL,
    // No trace: recording one (DOM snapshots and a screencast of every action) took a quarter of
    // the e2e run's time on two cores, for a file that a CI log cannot show. To see a failure
    // step by step, run that test again with --trace on.
    trace: "off",
    screenshot: "only-on-failure",
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      executablePath: chromiumExecutable(),
      args: [
        "--no-sandbox",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
        "--disable-quic",
      ],
    },
  },
  projects: [
    { name: "setup", testMatch: /auth\.setup\.ts/ },
    {
      name: "chromium",
      use: browserProject,
      dependencies: ["setup"],
      testIgnore: /auth\.setup\.ts/,
    },
    ...(ON_POSTGRES
      ? [
          { name: "setup-postgres", testMatch: /auth\.setup\.ts/, use: { baseURL: PG_BASE_URL } },
          {
            name: "matrix-postgres",
            testMatch: /authz-matrix\.spec\.ts/,
            use: { ...browserProject, baseURL: PG_BASE_URL },
            dependencies: ["setup-postgres"],
          },
        ]
      : []),
  ],
  webServer: [{
    command: [
      "node bin/breachdesk.mjs exchange-sim",
      `--port ${SIM_PORT} --secret ${E2E_EXCHANGE_SECRET}`,
      `--webhook-url ${BASE_URL}/api/v1/webhooks/exchange`,
      // A tenth of calls answered 503, one in twenty 429, one in fifty dropped: every e2e test runs through them.
      "--error-rate 0.1 --throttle-rate 0.05 --retry-after 1 --drop-rate 0.02",
    ].join(" "),
    url: `${SIM_URL}/_sim/counters`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
  {
    command: "node --import tsx scripts/e2e-smtp-sink.ts",
    url: `${SMTP_SINK_URL}/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: { E2E_SMTP_PORT: String(SMTP_PORT), E2E_SMTP_HTTP_PORT: String(SMTP_HTTP_PORT) },
  },
  {
    command: [
      "node tools/oidc-test-idp/oidc-test-idp.mjs",
      `--port ${IDP_PORT} --client-id breachdesk-e2e --client-secret ${E2E_OIDC_CLIENT_SECRET}`,
      `--redirect-uri ${BASE_URL}/api/auth/callback/oidc`,
    ].join(" "),
    url: `${IDP_URL}/_test/health`,
    timeout: 60_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
  },
  {
    // A fresh embedded database with the demo incident, on its own port and folder.
    command: "node scripts/start.mjs --fresh",
    url: `${BASE_URL}/api/health`,
    timeout: 600_000,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    env: {
      PORT: String(PORT),
      NEXTAUTH_URL: BASE_URL,
      BREACHDESK_DATA_DIR: process.env.E2E_DATA_DIR ?? ".data/e2e",
      NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
      // Small, so that e2e/hardening.spec.ts can show the 413 without sending 512 MB.
      BREACHDESK_MAX_UPLOAD_BYTES: String(8 * 1024 * 1024),
      // The test browser and runner connect from here: e2e/hardening.spec.ts
      // plays a reverse proxy that names the client in X-Forwarded-For.
      BREACHDESK_TRUSTED_PROXIES: "127.0.0.1,::1",
      BREACHDESK_PROVIDER: "http",
      BREACHDESK_EXCHANGE_URL: SIM_URL,
      BREACHDESK_EXCHANGE_SECRETS: E2E_EXCHANGE_SECRET,
      BREACHDESK_EXCHANGE_BACKOFF_BASE_MS: "50",
      BREACHDESK_EXCHANGE_BACKOFF_CAP_MS: "1000",
      // Customer notices go to the e2e's own SMTP server (never further).
      BREACHDESK_SMTP_HOST: "127.0.0.1",
      BREACHDESK_SMTP_PORT: String(SMTP_PORT),
      BREACHDESK_SMTP_TLS: "none",
      BREACHDESK_NOTICE_FROM: "security@exchange.example",
      BREACHDESK_NOTICE_REPLY_TO: "help@exchange.example",
      // Single sign-on through the test identity provider (e2e/sso.spec.ts).
      BREACHDESK_OIDC_ISSUER: IDP_URL,
      BREACHDESK_OIDC_CLIENT_ID: "breachdesk-e2e",
      BREACHDESK_OIDC_CLIENT_SECRET: E2E_OIDC_CLIENT_SECRET,
      BREACHDESK_OIDC_NAME: E2E_OIDC_NAME,
      BREACHDESK_OIDC_SCOPES: "openid email profile groups",
      BREACHDESK_OIDC_ROLE_MAP: "secops-admins:admin,secops:security_analyst,support:support_agent,leadership:manager",
      // The test provider is the authority for the throwaway staff's addresses (e2e/sso.spec.ts, linking).
      BREACHDESK_OIDC_TRUSTED_EMAIL_DOMAINS: "breachdesk.test",
      // POST /api/e2e/age-second-factor (e2e/second-factor.spec.ts): a sign-in's second factor made old, no waiting.
      BREACHDESK_E2E_HOOKS: "on",
      // e2e/integrations.spec.ts: its Slack-format receiver listens on loopback, which the SSRF guard refuses unless allowed.
      BREACHDESK_OUTBOUND_ALLOW_HOSTS: "127.0.0.1",
    },
  },
  ...(ON_POSTGRES
    ? [
        {
          // The same build on a fresh PostgreSQL database with the demo incident.
          command: "node scripts/e2e-postgres-server.mjs",
          // SIGTERM, so that the script drops its database (Playwright's default is SIGKILL).
          gracefulShutdown: { signal: "SIGTERM" as const, timeout: 10_000 },
          url: `${PG_BASE_URL}/api/health`,
          timeout: 900_000,
          reuseExistingServer: false,
          stdout: "ignore" as const,
          stderr: "pipe" as const,
          env: {
            PORT: String(PG_PORT),
            NEXTAUTH_URL: PG_BASE_URL,
            NEXTAUTH_SECRET: "e2e-only-secret-for-the-postgres-server-0123456789",
            NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next",
            BREACHDESK_E2E_FIRST_URL: BASE_URL,
            BREACHDESK_TRUSTED_PROXIES: "127.0.0.1,::1",
            BREACHDESK_E2E_HOOKS: "on",
          },
        },
      ]
    : []),
  ],
});