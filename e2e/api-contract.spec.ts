import { randomUUID } from "node:crypto";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import fs from "node:fs";
import path from "node:path";
import { expect, test, type APIRequestContext, type APIResponse, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, storageState, withPreviewDigest, type DemoRole } from "./fixtures";

// The API's contract test: every operation of /api/v1/openapi.json, called
// over HTTP with a token of each role. A role without the operation's
// permission gets 403; a role with it gets a status the document lists for
// the operation; every body (success or error) must match the document's
// schema for its status (ajv, JSON Schema 2020-12). Side-effecting calls run
// on fixtures made here (an account to reset and hold, a hold to release, a
// bulk action to reject and one to cancel). A route the document does not
// list fails server/api/registry.test.ts.

test.use({ storageState: storageState("admin") });
test.setTimeout(180_000);

const ROLES: DemoRole[] = ["manager", "support_agent", "security_analyst", "admin"];

type Json = Record<string, unknown>;
type Operation = Json & {
  operationId: string;
  parameters?: Json[];
  responses: Record<string, { content?: Record<string, unknown> }>;
  "x-roles"?: string[];
  "x-authentication"?: string;
};

/**
 * Operations no role token can complete, by design, with the status every
 * token gets: approving (a bulk action or a customer notice) needs a person's second factor; the timeline's writes
 * take a timeline token (a role token holds no timeline scope: 403); the webhook takes the exchange's signature.
 */
const TOKEN_REFUSED: Record<string, number> = {
  approveBulkAction: 403,
  approveNoticeCampaign: 403,
  postTimelineEvent: 403,
  receiveExchangeWebhook: 401,
};

/**
 * Operations whose success this test does not produce, and why (their
 * status must still be documented and their body match):
 */
const NO_SUCCESS_HERE: Record<string, string> = {
  // A running bulk action of the demo finishes in moments against the reference exchange: pausing it is a race (409).
  pauseBulkAction: "timing",
  resumeBulkAction: "needs a paused action",
  retryFailedBulkItems: "needs failed items",
  // Customer notices send e-mail through the e2e SMTP server; e2e/notices.spec.ts covers their success. No template id is on the API.
  requestNoticeCampaign: "no template id on the API",
  rejectNoticeCampaign: "the demo campaign is rejected",
  cancelNoticeCampaign: "the demo campaign is rejected",
  // Packs are made at close or on the report page (no API makes one); e2e/evidence-pack.spec.ts downloads one.
  downloadEvidencePack: "no pack of the demo incident to name",
  // The demo incident has blockers on its close checklist (and other specs need it open):
  // e2e/close-incident.spec.ts requests, approves and reopens on an incident of its own.
  requestIncidentClose: "the demo incident cannot be closed",
  approveIncidentClose: "needs a close request",
  rejectIncidentClose: "needs a close request",
  reopenIncident: "needs a closed incident",
  // Destinations must pass the outbound-address check (no public host here, loopback only when
  // allowed): e2e/integrations.spec.ts and the integration tests with real receivers cover them.
  addAuditForwardDestination: "needs a reachable SIEM",
  removeAuditForwardDestination: "needs a destination",
  createEventDestination: "needs an allowed receiver",
  getEventDestination: "needs a destination",
  updateEventDestination: "needs a destination",
  deleteEventDestination: "needs a destination",
  testEventDestination: "needs a destination",
  rotateEventDestinationSecret: "needs a destination",
  listEventDeliveries: "needs a destination",
};

async function createToken(page: Page, role: DemoRole): Promise<string> {
  await page.goto("/admin/api-tokens");
  const form = page.getByRole("form", { name: "Create an API token" });
  await form.getByLabel("Name (the system that will use it)").fill(`Contract test ${role} ${Date.now()}`);
  await form.getByLabel("Acts as").selectOption(role);
  await form.getByRole("button", { name: "Create token" }).click();
  const token = (await page.getByTestId("new-role-token").innerText()).trim();
  expect(token).toMatch(/^bd_/);
  return token;
}

/** A call, retried after Retry-After when the token's rate limit answers 429. */
async function call(
  api: APIRequestContext,
  method: string,
  url: string,
  options: { data?: unknown; headers?: Record<string, string> } = {},
): Promise<APIResponse> {
  for (let attempt = 0; ; attempt++) {
    const response = await api.fetch(url, { method, data: options.data, headers: options.headers });
    if (response.status() !== 429 || attempt === 5) return response;
    await new Promise((resolve) => setTimeout(resolve, 1000 * Number(response.headers()["retry-after"] ?? "1")));
  }
}

test("every documented operation answers each role as the document says", async ({ page, playwright, baseURL, browser }) => {
  const tokens = {} as Record<DemoRole, string>;
  for (const role of ROLES) tokens[role] = await createToken(page, role);
  const clients = {} as Record<DemoRole, APIRequestContext>;
  for (const role of ROLES) {
    clients[role] = await playwright.request.newContext({
      baseURL,
      extraHTTPHeaders: { Authorization: `Bearer ${tokens[role]}` },
    });
  }
  const anonymous = await playwright.request.newContext({ baseURL, storageState: { cookies: [], origins: [] } });
  const admin = clients.admin;

  // The document, for each role (any role may read it).
  const documentResponse = await admin.get("/api/v1/openapi.json");
  expect(documentResponse.status()).toBe(200);
  const doc = (await documentResponse.json()) as Json & { paths: Record<string, Record<string, Operation>> };
  for (const role of ROLES) expect((await call(clients[role], "GET", "/api/v1/openapi.json")).status()).toBe(200);

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addSchema({ ...doc, $id: "contract" });
  const pointer = (...parts: string[]) => parts.map((p) => p.replace(/~/g, "~0").replace(/\//g, "~1")).join("/");

  // Fixtures. Accounts of the demo incident with an exchange id: one to reset, one to hold, one for a hold to release.
  // Medium risk with medium balances: a selection no other spec acts on (the specs run in parallel, and
  // each counts what it did: the exchange's resets per account, the held accounts of a filter).
  const accounts = await call(
    admin,
    "GET",
    `/api/v1/incidents/${DEMO_INCIDENT}/accounts?tier=medium&balance=medium&action=none&matched=yes&size=50`,
  );
  expect(accounts.status()).toBe(200);
  type Row = { externalId: string | null; remediation: { hold: string; reset: string } };
  const rows = ((await accounts.json()) as { accounts: Row[] }).accounts;
  // Untouched accounts (the demo has reset and held some): each action then has something to do.
  const free = rows
    .filter((r) => r.externalId && r.remediation.hold === "none" && r.remediation.reset === "none")
    .map((r) => r.externalId!);
  expect(free.length).toBeGreaterThan(4);
  const [resetId, holdId, releaseId, viewId, bulkId] = free.slice(-5);
  const held = await call(
    clients.support_agent,
    "POST",
    `/api/v1/incidents/${DEMO_INCIDENT}/accounts/${releaseId}/holds`,
    {
      data: { reason: "Contract test: a hold to release" },
      headers: { "Idempotency-Key": randomUUID() },
    },
  );
  expect([200, 201], await held.text()).toContain(held.status());
  const heldHoldId = ((await held.json()) as { hold?: { id: string } }).hold?.id;
  expect(heldHoldId).toBeTruthy();
  // Two bulk requests over every exposed account: above the four-eyes threshold, so they wait for approval.
  const bulk = async (kind: string) => {
    const response = await call(admin, "POST", `/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions`, {
      data: await withPreviewDigest(admin, { kind, filter: "", reason: `Contract test fixture (${kind})`, holdHours: 24 }),
      headers: { "Idempotency-Key": randomUUID() },
    });
    expect(response.status(), await response.text()).toBe(201);
    return ((await response.json()) as { bulkAction: { id: string; status: string } }).bulkAction;
  };
  const toReject = await bulk("reset");
  expect(toReject.status).toBe("pending_approval");
  // Requested with the admin's token: another approver's panel names the token (its creator may not approve).
  const analyst = await browser.newContext({ storageState: storageState("security_analyst") });
  const approverPage = await analyst.newPage();
  await approverPage.goto(`/incidents/${DEMO_INCIDENT}/bulk-actions/${toReject.id}`);
  await approverPage.getByRole("button", { name: "Approve…" }).click();
  await expect(approverPage.getByTestId("requested-via-token")).toContainText(`Requested via token Contract test admin`);
  await expect(approverPage.getByTestId("approve-summary")).toContainText("requested via token Contract test admin");
  await analyst.close();
  const toCancel = await bulk("hold");

  // An upload of one new customer (no leaked address matches it) and one row without an id (a reject).
  const importId = randomUUID();
  const stamp = Date.now();
  const upload = Buffer.from(
    `account_id,email,2fa,balance,country\nCT-${stamp},contract-${stamp}@contract-test.example,no,0,GB\n,no-id@contract-test.example,no,0,GB\n`,
  );

  // What each operation is called with.
  const pathValues: Record<string, Record<string, string>> = {
    rejectBulkAction: { id: toReject.id },
    approveBulkAction: { id: toReject.id },
    cancelBulkAction: { id: toCancel.id },
    getBulkAction: { id: toReject.id },
    pauseBulkAction: { id: toCancel.id },
    resumeBulkAction: { id: toCancel.id },
    retryFailedBulkItems: { id: toCancel.id },
    resetAccountPassword: { accountId: resetId! },
    placeWithdrawalHold: { accountId: holdId! },
    getExposedAccount: { accountId: viewId! },
    releaseWithdrawalHold: { holdId: heldHoldId! },
  };
  const defaults: Record<string, string> = {
    slug: DEMO_INCIDENT,
    campaignId: "00000000-0000-4000-8000-0000000000c1",
    importId,
  };
  const queries: Record<string, string> = {
    exportRemediationChart: "?chart=funnel",
    listExposedAccounts: "?tier=critical,high&size=10",
    listTimelineEvents: "?limit=5",
    uploadImport: `?kind=accounts&fileName=contract-test.csv&importId=${importId}`,
  };
  const bodies: Record<string, unknown> = {
    resetAccountPassword: { reason: "Contract test: forced reset" },
    placeWithdrawalHold: { reason: "Contract test: hold", holdHours: 24 },
    releaseWithdrawalHold: { releaseCode: "verified_with_customer", note: "Contract test: released" },
    previewBulkAction: { kind: "reset", filter: "tier=critical" },
    requestBulkAction: await withPreviewDigest(admin, { kind: "reset", accountIds: [bulkId], reason: "Contract test: a bulk of one" }),
    rejectBulkAction: { reason: "Contract test: rejected" },
    approveBulkAction: { note: "Contract test" },
    requestNoticeCampaign: { templateId: randomUUID(), audience: "" },
    rejectNoticeCampaign: { reason: "Contract test" },
    postTimelineEvent: { occurredAt: "2019-11-07T09:12:00Z", category: "detection", title: "Contract test" },
    receiveExchangeWebhook: { events: [] },
    uploadImport: upload,
  };

  const succeeded = new Set<string>();
  const answers: Record<string, string[]> = {};
  const problems: string[] = [];
  for (const [template, methods] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const id = operation.operationId;
      const values = { ...defaults, ...pathValues[id] };
      const url = `/api/v1${template.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(values[name] ?? "none"))}${queries[id] ?? ""}`;
      const idempotent = (operation.parameters ?? []).some((p) => p.$ref === "#/components/parameters/IdempotencyKey");

      const check = async (who: string, response: APIResponse) => {
        const status = String(response.status());
        const where = `${who} ${method.toUpperCase()} ${url} -> ${status}`;
        const documented = operation.responses[status];
        if (!documented) {
          problems.push(`${where}: status not documented (${(await response.text()).slice(0, 200)})`);
          return;
        }
        const json = documented.content?.["application/json"];
        if (json) {
          const validate = ajv.getSchema(
            `contract#/${pointer("paths", template, method, "responses", status, "content", "application/json", "schema")}`,
          )!;
          const body: unknown = await response.json();
          if (!validate(body)) problems.push(`${where}: body does not match: ${ajv.errorsText(validate.errors)}`);
        } else if (documented.content?.["text/csv"]) {
          expect(response.headers()["content-type"], where).toContain("text/csv");
        }
      };

      // Signed out: 401, as documented.
      const signedOut = await call(anonymous, method.toUpperCase(), url, { data: bodies[id] });
      if (signedOut.status() !== 401)
        problems.push(`anonymous ${method} ${url} -> ${signedOut.status()}: 401 expected`);
      await check("anonymous", signedOut);

      for (const role of ROLES) {
        const response = await call(clients[role], method.toUpperCase(), url, {
          data: method === "post" ? (bodies[id] ?? {}) : undefined,
          headers: {
            ...(idempotent ? { "Idempotency-Key": randomUUID() } : {}),
            ...(id === "uploadImport" ? { "Content-Type": "text/csv" } : {}),
          },
        });
        const where = `${role} ${method.toUpperCase()} ${url}`;
        const allowed = (operation["x-roles"] ?? []).includes(role);
        const status = response.status();
        // Collected rather than thrown, so that one run lists every problem.
        if (id in TOKEN_REFUSED) {
          if (status !== TOKEN_REFUSED[id])
            problems.push(`${where} -> ${status}: every token gets ${TOKEN_REFUSED[id]}`);
        } else if (!allowed) {
          if (status !== 403) problems.push(`${where} -> ${status}: the role lacks the permission, 403 expected`);
        } else if (status === 401 || status === 403) {
          problems.push(
            `${where} -> ${status}: the role holds the permission (${(await response.text()).slice(0, 200)})`,
          );
        }
        if (response.status() < 300) succeeded.add(id);
        (answers[id] ??= []).push(
          `${role} ${response.status()} ${response.status() >= 300 ? (await response.text()).slice(0, 160) : ""}`,
        );
        await check(role, response);
      }
    }
  }
  expect(problems).toEqual([]);
  const everyOperation = Object.values(doc.paths).flatMap((methods) =>
    Object.values(methods).map((o) => o.operationId),
  );
  const expectedSuccess = everyOperation.filter((id) => !(id in TOKEN_REFUSED) && !(id in NO_SUCCESS_HERE));
  expect(
    expectedSuccess.filter((id) => !succeeded.has(id)).map((id) => `${id}: ${answers[id]?.join(" | ")}`),
    "operations no role completed",
  ).toEqual([]);

  await anonymous.dispose();
  for (const role of ROLES) await clients[role].dispose();
});

test("the API reference page shows every operation of the document, a section at a time", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 900 });
  const doc = (await (await page.request.get("/api/v1/openapi.json")).json()) as {
    paths: Record<string, Record<string, { operationId: string }>>;
  };
  const documented = Object.values(doc.paths).flatMap((methods) => Object.values(methods).map((o) => o.operationId));
  await page.goto("/api-reference");
  await expect(page.getByRole("heading", { level: 1, name: "API reference" })).toBeVisible();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, "api-reference-1280.png") });

  const nav = page.getByRole("navigation", { name: "Operations" });
  const sections = await nav
    .locator("a[href^='?section=']:not([href*='#'])")
    .evaluateAll((links) => links.map((a) => a.getAttribute("href")!));
  const shown: string[] = [];
  for (const href of sections) {
    await page.goto(`/api-reference${href}`);
    shown.push(...(await page.locator("article").evaluateAll((cards) => cards.map((c) => c.id.replace(/^op-/, "")))));
  }
  expect(shown.sort()).toEqual([...documented].sort());

  await page.goto("/api-reference?section=exposed-accounts#op-listExposedAccounts");
  await page.locator("#op-listExposedAccounts").scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, "api-reference-operation-1280.png") });
});
