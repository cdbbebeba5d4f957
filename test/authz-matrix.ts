// The authorisation matrix: every page, route handler and server action under
// app/, and what each role and a signed-out visitor must get. One line each;
// `test/authz-matrix.test.ts` fails when a route file or a "use server" export
// has no line here, and `e2e/authz-matrix.spec.ts` checks every cell (plus the
// ways past Next's proxy) against the running app.
//
// To add an entry: copy a line, give the file (path under the repository) and
// who may use it:
//   signedIn("admin", "security_analyst")   those roles; others 403; signed out to sign-in / 401
//   anyStaff                                every role; signed out to sign-in / 401
//   publicEntry                             everyone, signed in or not
//   tokenOnly                               API token only: every cookie session gets 401
//   signatureOnly                           a signed request only (the exchange's webhooks): 401 to every session

export const ROLES = ["admin", "security_analyst", "support_agent", "manager"] as const;
export type MatrixRole = (typeof ROLES)[number];
export type Visitor = MatrixRole | "anonymous";
export const VISITORS: readonly Visitor[] = [...ROLES, "anonymous"];

/** allow: served; deny: 403 / "role does not allow"; signin: sent to sign-in (pages) or 401 (APIs, actions). */
export type Outcome = "allow" | "deny" | "signin";
export type Expectation = Record<Visitor, Outcome>;

export function signedIn(...roles: MatrixRole[]): Expectation {
  const expectation = { anonymous: "signin" } as Expectation;
  for (const role of ROLES) expectation[role] = roles.includes(role) ? "allow" : "deny";
  return expectation;
}
export const anyStaff: Expectation = signedIn(...ROLES);
export const publicEntry: Expectation = {
  admin: "allow",
  security_analyst: "allow",
  support_agent: "allow",
  manager: "allow",
  anonymous: "allow",
};
export const tokenOnly: Expectation = {
  admin: "signin",
  security_analyst: "signin",
  support_agent: "signin",
  manager: "signin",
  anonymous: "signin",
};

/** Authenticated by the request's HMAC signature, never by a session. */
export const signatureOnly: Expectation = { ...tokenOnly };

/** Values for the dynamic segments of URLs ([slug] and so on) in the demo data. */
export const SAMPLE_PARAMS: Record<string, string> = {
  slug: "2019-11-indices-update",
  // An exposed account of the demo incident, by the exchange's id (as pages and the API name it).
  accountId: "EX-0000001",
  importId: "00000000-0000-4000-8000-000000000000",
  // The demo's bulk request awaiting approval (server/seed/demo-remediation.ts).
  id: "00000000-0000-4000-8000-0000000000b1",
  holdId: "00000000-0000-4000-8000-000000000000",
  // The demo's rejected customer notice (server/seed/demo-notices.ts).
  campaignId: "00000000-0000-4000-8000-0000000000c1",
  // No such audit forwarding destination: an admin gets 404, every other role 403.
  destinationId: "00000000-0000-4000-8000-000000000000",
  // No such close request: an allowed call stops at its body (422) or at the name (404).
  requestId: "00000000-0000-4000-8000-000000000000",
  packId: "00000000-0000-4000-8000-000000000000",
};

const SUPPORT = ["admin", "support_agent"] as const;
const REQUESTERS = ["admin", "security_analyst", "support_agent"] as const;
const APPROVERS = ["admin", "security_analyst"] as const;
// Closing an incident and reopening it: incidents.close.
const CLOSERS = ["admin", "security_analyst"] as const;
// Customer notices: notices.compose, notices.approve and notices.read_outbox.
const NOTICE_WRITERS = ["admin", "security_analyst"] as const;

const D = "app/(dashboard)";
const INC = `${D}/incidents/[slug]`;

/**
 * Pages: the file, who may open it, and a text only the rendered page holds
 * (default: the signed-in shell's "current-role"). The URL comes from the file's
 * path. `redirects`: the page only sends its visitor on (3xx when allowed).
 */
export const PAGES: readonly { file: string; expect: Expectation; marker?: string; redirects?: boolean }[] = [
  { file: "app/page.tsx", expect: anyStaff, redirects: true },
  { file: "app/(auth)/login/page.tsx", expect: publicEntry, redirects: true },
  // The second step of a password sign-in: signed-out visitors are sent to sign-in, the signed-in on.
  { file: "app/(auth)/login/second-factor/page.tsx", expect: publicEntry, redirects: true },
  { file: `${D}/admin/staff/page.tsx`, expect: signedIn("admin"), marker: "Add a staff user" },
  { file: `${D}/admin/integrations/page.tsx`, expect: signedIn("admin"), marker: "New destination" },
  { file: `${D}/admin/audit/page.tsx`, expect: signedIn("admin", "security_analyst"), marker: "Current head" },
  { file: `${D}/admin/api-tokens/page.tsx`, expect: signedIn("admin"), marker: "New token" },
  { file: `${D}/admin/exchange/page.tsx`, expect: signedIn("admin"), marker: "Paused by the circuit breaker" },
  { file: `${D}/incidents/page.tsx`, expect: anyStaff },
  {
    file: `${D}/approvals/page.tsx`,
    expect: signedIn(...APPROVERS),
    marker: "Requests another person made that need a second person",
  },
  // The API reference: every role, as every role may hold a token.
  { file: `${D}/api-reference/page.tsx`, expect: anyStaff, marker: "operationId" },
  { file: `${INC}/page.tsx`, expect: anyStaff },
  { file: `${INC}/accounts/page.tsx`, expect: anyStaff },
  { file: `${INC}/remediation/page.tsx`, expect: anyStaff, marker: "Every number opens the Exposed accounts table" },
  { file: `${INC}/(account-detail)/accounts/[accountId]/page.tsx`, expect: anyStaff },
  { file: `${INC}/imports/page.tsx`, expect: signedIn("admin", "security_analyst"), marker: "The file holds" },
  { file: `${INC}/timeline/page.tsx`, expect: anyStaff },
  { file: `${INC}/bulk-actions/page.tsx`, expect: anyStaff },
  { file: `${INC}/bulk-actions/[id]/page.tsx`, expect: anyStaff },
  { file: `${INC}/notices/page.tsx`, expect: anyStaff },
  { file: `${INC}/notices/[campaignId]/page.tsx`, expect: anyStaff },
  { file: `${INC}/notices/compose/page.tsx`, expect: signedIn(...NOTICE_WRITERS), marker: "Preview and test" },
  { file: `${INC}/notices/outbox/page.tsx`, expect: signedIn(...NOTICE_WRITERS), marker: "Local outbox" },
  {
    file: `${INC}/report/page.tsx`,
    expect: signedIn("admin", "security_analyst", "manager"),
    marker: "Personal data breach report",
  },
  { file: `${INC}/close/page.tsx`, expect: signedIn(...CLOSERS), marker: "Close checklist" },
];

/**
 * Route handlers: file, method, who. `query` (a "?..." query or a "/..." path
 * tail) and `body` make an allowed call harmless: a validation error still
 * proves the caller got past the checks.
 */
export const ROUTES: readonly { file: string; method: string; expect: Expectation; query?: string; body?: string }[] = [
  { file: "app/api/health/route.ts", method: "GET", expect: publicEntry },
  // The e2e step-up hook (on in the e2e servers only): a body without ageSeconds is refused (422) past the checks.
  { file: "app/api/e2e/age-second-factor/route.ts", method: "POST", expect: anyStaff, body: "{}" },
  // The e2e hook that ends an API token now (on in the e2e servers only): a body without a token is refused (422).
  { file: "app/api/e2e/expire-api-token/route.ts", method: "POST", expect: signedIn("admin"), body: "{}" },
  { file: "app/api/auth/[...nextauth]/route.ts", method: "GET", expect: publicEntry, query: "/session" },
  { file: "app/api/auth/[...nextauth]/route.ts", method: "POST", expect: publicEntry, query: "/signin/credentials" },
  // Single sign-on's callback is the same catch-all route: GET /api/auth/callback/oidc.
  { file: "app/api/v1/incidents/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/staff/route.ts", method: "GET", expect: signedIn("admin") },
  // Outgoing events' destinations (integrations.manage, admins only): no such destination past the checks (404), bodies not JSON (422).
  { file: "app/api/v1/integrations/destinations/route.ts", method: "GET", expect: signedIn("admin") },
  { file: "app/api/v1/integrations/destinations/route.ts", method: "POST", expect: signedIn("admin"), body: "not json" },
  { file: "app/api/v1/integrations/destinations/[id]/route.ts", method: "GET", expect: signedIn("admin") },
  { file: "app/api/v1/integrations/destinations/[id]/route.ts", method: "POST", expect: signedIn("admin"), body: "not json" },
  { file: "app/api/v1/integrations/destinations/[id]/deliveries/route.ts", method: "GET", expect: signedIn("admin") },
  ...(["delete", "test", "rotate-secret"] as const).map((verb) => ({
    file: `app/api/v1/integrations/destinations/[id]/${verb}/route.ts`,
    method: "POST",
    expect: signedIn("admin"),
    body: "not json",
  })),
  // The rest of the API: the reads the pages make, each with its page's permission.
  { file: "app/api/v1/openapi.json/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/incidents/[slug]/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/incidents/[slug]/accounts/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/incidents/[slug]/accounts/[accountId]/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/incidents/[slug]/obligations/route.ts", method: "GET", expect: anyStaff },
  {
    file: "app/api/v1/incidents/[slug]/report/route.ts",
    method: "GET",
    expect: signedIn("admin", "security_analyst", "manager"),
  },
  {
    file: "app/api/v1/incidents/[slug]/evidence-packs/route.ts",
    method: "GET",
    expect: signedIn("admin", "security_analyst", "manager"),
  },
  // A pack id that names no pack: 404 past the checks.
  {
    file: "app/api/v1/incidents/[slug]/evidence-packs/[packId]/route.ts",
    method: "GET",
    expect: signedIn("admin", "security_analyst", "manager"),
  },
  { file: "app/api/v1/instance/evidence-key/route.ts", method: "GET", expect: anyStaff },
  {
    file: "app/api/v1/incidents/[slug]/imports/route.ts",
    method: "GET",
    expect: signedIn("admin", "security_analyst"),
  },
  { file: "app/api/v1/audit/verification/route.ts", method: "GET", expect: signedIn("admin", "security_analyst") },
  { file: "app/api/v1/audit/entries/route.ts", method: "GET", expect: signedIn("admin", "security_analyst") },
  { file: "app/api/v1/audit/entries/export/route.ts", method: "GET", expect: signedIn("admin", "security_analyst") },
  // Audit forwarding to a SIEM: audit.forwarding (admins only).
  { file: "app/api/v1/audit/forwarding/route.ts", method: "GET", expect: signedIn("admin") },
  { file: "app/api/v1/audit/forwarding/route.ts", method: "POST", expect: signedIn("admin"), body: "{}" },
  {
    file: "app/api/v1/audit/forwarding/[destinationId]/remove/route.ts",
    method: "POST",
    expect: signedIn("admin"),
    body: "{}",
  },
  { file: "app/api/v1/incidents/[slug]/bulk-actions/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/incidents/[slug]/notices/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/imports/[importId]/route.ts", method: "GET", expect: signedIn("admin", "security_analyst") },
  {
    file: "app/api/v1/imports/[importId]/rejects/route.ts",
    method: "GET",
    expect: signedIn("admin", "security_analyst"),
  },
  {
    file: "app/api/v1/incidents/[slug]/accounts/export/route.ts",
    method: "GET",
    expect: anyStaff,
    query: "?tier=none-such",
  },
  {
    file: "app/api/v1/incidents/[slug]/imports/route.ts",
    method: "POST",
    expect: signedIn("admin", "security_analyst"),
    body: "",
  },
  { file: "app/api/v1/incidents/[slug]/timeline/route.ts", method: "GET", expect: anyStaff },
  { file: "app/api/v1/incidents/[slug]/remediation/version/route.ts", method: "GET", expect: anyStaff },
  {
    file: "app/api/v1/incidents/[slug]/remediation/export/route.ts",
    method: "GET",
    expect: anyStaff,
    query: "?chart=none-such",
  },
  { file: "app/api/v1/incidents/[slug]/timeline/route.ts", method: "POST", expect: tokenOnly, body: "{}" },
  { file: "app/api/v1/webhooks/exchange/route.ts", method: "POST", expect: signatureOnly, body: "{}" },
  {
    file: "app/api/v1/incidents/[slug]/timeline/export/route.ts",
    method: "GET",
    expect: anyStaff,
    query: "?category=none-such",
  },
  // Remediation: bodies that are not JSON, so an allowed call stops at validation.
  { file: "app/api/v1/bulk-actions/[id]/route.ts", method: "GET", expect: anyStaff },
  ...(["approve", "reject"] as const).map((verb) => ({
    file: `app/api/v1/bulk-actions/[id]/${verb}/route.ts`,
    method: "POST",
    expect: signedIn(...APPROVERS),
    body: "not json",
  })),
  ...(["pause", "resume", "cancel", "retry-failed"] as const).map((verb) => ({
    file: `app/api/v1/bulk-actions/[id]/${verb}/route.ts`,
    method: "POST",
    expect: signedIn(...REQUESTERS),
    body: "not json",
  })),
  {
    file: "app/api/v1/incidents/[slug]/accounts/[accountId]/reset/route.ts",
    method: "POST",
    expect: signedIn(...SUPPORT),
    body: "not json",
  },
  {
    file: "app/api/v1/incidents/[slug]/accounts/[accountId]/holds/route.ts",
    method: "POST",
    expect: signedIn(...SUPPORT),
    body: "not json",
  },
  {
    file: "app/api/v1/incidents/[slug]/holds/[holdId]/release/route.ts",
    method: "POST",
    expect: signedIn(...SUPPORT),
    body: "not json",
  },
  {
    file: "app/api/v1/incidents/[slug]/bulk-actions/route.ts",
    method: "POST",
    expect: signedIn(...REQUESTERS),
    body: "not json",
  },
  {
    file: "app/api/v1/incidents/[slug]/bulk-actions/preview/route.ts",
    method: "POST",
    expect: signedIn(...REQUESTERS),
    body: "not json",
  },
  // Customer notices.
  {
    file: "app/api/v1/incidents/[slug]/notices/route.ts",
    method: "POST",
    expect: signedIn(...NOTICE_WRITERS),
    body: "not json",
  },
  { file: "app/api/v1/incidents/[slug]/notices/[campaignId]/route.ts", method: "GET", expect: anyStaff },
  ...(["approve", "reject", "cancel"] as const).map((verb) => ({
    file: `app/api/v1/incidents/[slug]/notices/[campaignId]/${verb}/route.ts`,
    method: "POST",
    expect: signedIn(...NOTICE_WRITERS),
    body: "not json",
  })),
  // Closing: the checklist is a read; requesting, deciding and reopening need incidents.close.
  { file: "app/api/v1/incidents/[slug]/close/route.ts", method: "GET", expect: anyStaff },
  ...["close/requests", "close/requests/[requestId]/approve", "close/requests/[requestId]/reject", "reopen"].map(
    (tail) => ({
      file: `app/api/v1/incidents/[slug]/${tail}/route.ts`,
      method: "POST",
      expect: signedIn(...CLOSERS),
      body: "not json",
    }),
  ),
];

/**
 * API tokens after they were made: what a token gets once its creator has
 * been demoted (an admin made a manager: the token acts within the manager's
 * role, whatever role it was made with), deactivated (revoked), or once it
 * has expired, for each kind of token: "role" (an admin-role token on the
 * REST API) and "timeline" (a timeline-only token on the timeline's POST).
 * "working" is the same tokens before, so each refusal is a change.
 * allow: served (a validation error past the checks counts); deny: 403;
 * signin: 401. Checked by e2e/authz-matrix.spec.ts on both databases.
 */
export type TokenKind = "role" | "timeline";
export type TokenState = "working" | "creator_demoted" | "creator_deactivated" | "expired";
export const TOKEN_STATES: readonly TokenState[] = ["working", "creator_demoted", "creator_deactivated", "expired"];
type TokenRule = {
  kind: TokenKind;
  file: string;
  method: string;
  expect: Record<TokenState, Outcome>;
  query?: string;
  body?: string;
  /** When served to a demoted creator's token, the addresses are masked. */
  maskedWhenDemoted?: boolean;
};

/** Served while working, refused (401) once the creator is deactivated or the token expired; `demoted` as given. */
const tokenStates = (demoted: Outcome): Record<TokenState, Outcome> => ({
  working: "allow",
  creator_demoted: demoted,
  creator_deactivated: "signin",
  expired: "signin",
});

export const TOKEN_RULES: readonly TokenRule[] = [
  // The admin token lists staff, sees full addresses and may reset; made a manager's, it may do neither.
  { kind: "role", file: "app/api/v1/staff/route.ts", method: "GET", expect: tokenStates("deny") },
  {
    kind: "role",
    file: "app/api/v1/incidents/[slug]/accounts/route.ts",
    method: "GET",
    query: "?size=10",
    expect: tokenStates("allow"),
    maskedWhenDemoted: true,
  },
  {
    kind: "role",
    file: "app/api/v1/incidents/[slug]/accounts/[accountId]/reset/route.ts",
    method: "POST",
    body: "not json",
    expect: tokenStates("deny"),
  },
  // The timeline token posts (an empty body stops at validation); its creator made a manager, it may not.
  {
    kind: "timeline",
    file: "app/api/v1/incidents/[slug]/timeline/route.ts",
    method: "POST",
    body: "{}",
    expect: tokenStates("deny"),
  },
];

const ACCOUNT = `${INC}/(account-detail)/accounts/[accountId]/actions.ts`;
const BULK = `${INC}/bulk-actions/actions.ts`;
const NOTICES = `${INC}/notices/actions.ts`;
const CLOSE = `${INC}/close/actions.ts`;

/** Server actions: the "use server" file, the export, who may call it. */
export const ACTIONS: readonly { file: string; name: string; expect: Expectation }[] = [
  { file: `${D}/admin/staff/actions.ts`, name: "changeStaffRoleAction", expect: signedIn("admin") },
  ...(
    ["createDestinationAction", "sendTestEventAction", "setDestinationEnabledAction", "rotateSecretAction", "deleteDestinationAction"] as const
  ).map((name) => ({ file: `${D}/admin/integrations/actions.ts`, name, expect: signedIn("admin") })),
  { file: `${D}/admin/staff/actions.ts`, name: "createStaffUserAction", expect: signedIn("admin") },
  { file: `${D}/admin/staff/actions.ts`, name: "signOutStaffEverywhereAction", expect: signedIn("admin") },
  { file: `${D}/admin/staff/actions.ts`, name: "setStaffActiveAction", expect: signedIn("admin") },
  { file: `${D}/admin/staff/actions.ts`, name: "setStaffPasswordAction", expect: signedIn("admin") },
  { file: `${D}/admin/api-tokens/actions.ts`, name: "createRoleTokenAction", expect: signedIn("admin") },
  { file: `${D}/admin/api-tokens/actions.ts`, name: "revokeRoleTokenAction", expect: signedIn("admin") },
  { file: `${D}/admin/staff/actions.ts`, name: "resetStaffSecondFactorAction", expect: signedIn("admin") },
  // Only a sign-in waiting for its second factor gets past them; a full session is told it is signed in already.
  { file: "app/(auth)/login/second-factor/actions.ts", name: "verifySecondFactorAction", expect: anyStaff },
  { file: "app/(auth)/login/second-factor/actions.ts", name: "confirmTotpEnrolmentAction", expect: anyStaff },
  {
    file: `${D}/admin/audit/actions.ts`,
    name: "verifyAuditChainAction",
    expect: signedIn("admin", "security_analyst"),
  },
  { file: `${D}/incidents/actions.ts`, name: "createIncidentAction", expect: signedIn("admin", "security_analyst") },
  ...[
    "requestIncidentCloseAction",
    "approveIncidentCloseAction",
    "rejectIncidentCloseAction",
    "reopenIncidentAction",
  ].map((name) => ({ file: CLOSE, name, expect: signedIn(...CLOSERS) })),
  // Starting forgetting before its date (incidents.forget): admins only.
  { file: CLOSE, name: "startForgetStepAction", expect: signedIn("admin") },
  // Notes on an exposed account: the roles that act on accounts or triage them, not the manager.
  {
    file: `${INC}/(account-detail)/accounts/[accountId]/notes-actions.ts`,
    name: "addAccountNoteAction",
    expect: signedIn("admin", "security_analyst", "support_agent"),
  },
  // The command palette's account search: every role (masked roles by the whole address only, answered masked).
  { file: `${D}/command-palette/actions.ts`, name: "searchAccountsAction", expect: anyStaff },
  {
    file: `${INC}/accounts/actions.ts`,
    name: "previewBulkSelectionAction",
    expect: signedIn("admin", "security_analyst", "support_agent"),
  },
  {
    file: `${INC}/report/actions.ts`,
    name: "updateArticle33SummaryAction",
    expect: signedIn("admin", "security_analyst"),
  },
  {
    file: `${INC}/report/actions.ts`,
    name: "updateReportContactsAction",
    expect: signedIn("admin", "security_analyst"),
  },
  // Making an evidence pack now: the roles that close incidents.
  {
    file: `${INC}/report/actions.ts`,
    name: "makeEvidencePackAction",
    expect: signedIn("admin", "security_analyst"),
  },
  { file: `${INC}/timeline/actions.ts`, name: "addTimelineEventAction", expect: signedIn("admin", "security_analyst") },
  {
    file: `${INC}/timeline/actions.ts`,
    name: "editTimelineEventAction",
    expect: signedIn("admin", "security_analyst"),
  },
  {
    file: `${INC}/timeline/actions.ts`,
    name: "retractTimelineEventAction",
    expect: signedIn("admin", "security_analyst"),
  },
  { file: `${INC}/timeline/actions.ts`, name: "addObligationAction", expect: signedIn("admin", "security_analyst") },
  {
    file: `${INC}/timeline/actions.ts`,
    name: "markObligationMetAction",
    expect: signedIn("admin", "security_analyst"),
  },
  { file: `${INC}/timeline/actions.ts`, name: "waiveObligationAction", expect: signedIn("admin", "security_analyst") },
  { file: `${INC}/timeline/actions.ts`, name: "createApiTokenAction", expect: signedIn("admin") },
  { file: `${INC}/timeline/actions.ts`, name: "revokeApiTokenAction", expect: signedIn("admin") },
  { file: ACCOUNT, name: "forceResetAction", expect: signedIn(...SUPPORT) },
  { file: ACCOUNT, name: "placeHoldAction", expect: signedIn(...SUPPORT) },
  { file: ACCOUNT, name: "releaseHoldAction", expect: signedIn(...SUPPORT) },
  { file: ACCOUNT, name: "extendHoldAction", expect: signedIn(...SUPPORT) },
  { file: `${INC}/accounts/actions.ts`, name: "previewBulkActionAction", expect: signedIn(...REQUESTERS) },
  { file: `${INC}/accounts/actions.ts`, name: "requestBulkActionAction", expect: signedIn(...REQUESTERS) },
  { file: BULK, name: "approveBulkActionAction", expect: signedIn(...APPROVERS) },
  { file: BULK, name: "rejectBulkActionAction", expect: signedIn(...APPROVERS) },
  { file: BULK, name: "pauseBulkActionAction", expect: signedIn(...REQUESTERS) },
  { file: BULK, name: "resumeBulkActionAction", expect: signedIn(...REQUESTERS) },
  { file: BULK, name: "cancelBulkActionAction", expect: signedIn(...REQUESTERS) },
  { file: BULK, name: "retryFailedItemsAction", expect: signedIn(...REQUESTERS) },
  { file: BULK, name: "getBulkProgressAction", expect: anyStaff },
  ...[
    "saveNoticeTemplateAction",
    "previewNoticeAction",
    "sendTestNoticeAction",
    "previewNoticeAudienceAction",
    "requestNoticeCampaignAction",
    "approveNoticeCampaignAction",
    "rejectNoticeCampaignAction",
    "cancelNoticeCampaignAction",
    "resolveInDoubtAction",
  ].map((name) => ({ file: NOTICES, name, expect: signedIn(...NOTICE_WRITERS) })),
  { file: NOTICES, name: "getNoticeProgressAction", expect: anyStaff },
];

/** The URL path a route file answers at: route groups dropped, dynamic segments filled from SAMPLE_PARAMS. */
export function urlPathOf(file: string): string {
  const segments = file
    .replace(/^app\//, "")
    .replace(/(^|\/)(page\.tsx|route\.ts)$/, "")
    .split("/")
    .filter((segment) => segment && !/^\(.*\)$/.test(segment))
    .map((segment) => {
      if (/^\[\.\.\.\w+\]$/.test(segment)) return ""; // a catch-all: the entry's query supplies the tail
      const dynamic = /^\[(\w+)\]$/.exec(segment);
      if (!dynamic) return segment;
      const value = SAMPLE_PARAMS[dynamic[1]!];
      if (value === undefined)
        throw new Error(`No sample value for [${dynamic[1]}] in test/authz-matrix.ts SAMPLE_PARAMS`);
      return value;
    })
    .filter((segment) => segment !== "");
  return `/${segments.join("/")}`;
}
