import fs from "node:fs";
import path from "node:path";
import { expect, test as base, type APIResponse, type Page } from "@playwright/test";
import {
  ACTIONS,
  PAGES,
  ROUTES,
  TOKEN_RULES,
  VISITORS,
  urlPathOf,
  type Outcome,
  type TokenKind,
  type TokenState,
  type Visitor,
} from "../test/authz-matrix";
import { DEMO_INCIDENT, storageState } from "./fixtures";
import { signedInContext, type ThrowawayStaff } from "./staff-helpers";

// Every cell of test/authz-matrix.ts against the running app, for every role
// and a signed-out visitor, plus the ways people have got past Next's proxy
// (CVE-2025-29927 and later): none of them may reveal a page it should not.

// Who visits, as an option; their stored session is the one signed in to this
// project's server (the embedded one, or "matrix-postgres"'s PostgreSQL one).
const test = base.extend<{ visitor: Visitor }>({
  visitor: ["anonymous", { option: true }],
  storageState: async ({ visitor }, provide, testInfo) => {
    await provide(
      visitor === "anonymous"
        ? { cookies: [], origins: [] }
        : storageState(visitor as Exclude<Visitor, "anonymous">, testInfo.project.name),
    );
  },
});

const DENIED_ACTION = "Your role does not allow this action.";
const SIGNED_OUT_ACTION = "Your session has ended.";
const SHELL_MARKER = "current-role";

const BYPASSES: { name: string; headers?: Record<string, string>; path?: (url: string) => string }[] = [
  { name: "x-middleware-subrequest (proxy)", headers: { "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" } },
  {
    name: "x-middleware-subrequest (middleware)",
    headers: { "x-middleware-subrequest": "middleware:middleware:middleware:middleware:middleware" },
  },
  { name: "RSC header", headers: { RSC: "1" } },
  {
    name: "prefetch headers",
    headers: { RSC: "1", "Next-Router-Prefetch": "1", "Next-Router-Segment-Prefetch": "/_tree" },
  },
  { name: "?_rsc=", path: (url) => `${url}${url.includes("?") ? "&" : "?"}_rsc=authz` },
  { name: ".rsc suffix", path: (url) => `${url}.rsc` },
  {
    name: "percent-encoded path",
    path: (url) => url.replace(/\/([a-z])/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
  },
  { name: "encoded slash", path: (url) => url.replace(/(.)\/(?=[^/]*$)/, "$1%2F") },
  { name: "trailing slash", path: (url) => `${url}/` },
  { name: "double slash", path: (url) => `/${url}` },
];

function expectRedirectToSignIn(response: APIResponse) {
  expect([302, 303, 307, 308]).toContain(response.status());
  expect(response.headers()["location"] ?? "").toMatch(/\/login/);
}

type ManifestEntry = { workers: Record<string, unknown>; filename?: string; exportedName?: string };
function actionIds(): Map<string, { id: string; pagePath: string }> {
  const dist = process.env.NEXT_DIST_DIR || ".next";
  const manifest = JSON.parse(
    fs.readFileSync(path.join(import.meta.dirname, "..", dist, "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, ManifestEntry> };
  const ids = new Map<string, { id: string; pagePath: string }>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).find((w) => w.endsWith("/page"));
    if (entry.filename && entry.exportedName && worker) {
      ids.set(`${entry.filename}#${entry.exportedName}`, { id, pagePath: urlPathOf(`${worker}.tsx`) });
    }
  }
  return ids;
}

// A FormData argument as React encodes a server action's arguments: the
// previous state, then the form. Values that make every action stop at
// validation or "not found" once past its permission check: nothing changes.
const HARMLESS_FORM = {
  "0": JSON.stringify([null, "$K1"]),
  _1_slug: "authz-matrix-no-such-incident",
  _1_userId: "00000000-0000-4000-8000-000000000000",
  _1_eventId: "00000000-0000-4000-8000-000000000000",
  _1_tokenId: "00000000-0000-4000-8000-000000000000",
};

for (const who of VISITORS) {
  test.describe(`authorisation matrix as ${who}`, () => {
    test.use({ visitor: who });

    test("pages", async ({ page, baseURL }) => {
      for (const entry of PAGES) {
        const url = urlPathOf(entry.file);
        const outcome: Outcome = entry.expect[who];
        const response = await page.request.get(url, { maxRedirects: 0 });
        const body = await response.text();
        const marker = entry.marker ?? SHELL_MARKER;
        const where = `${who} GET ${url}`;
        if (outcome === "allow") {
          if (entry.redirects) expect([200, 307, 308], where).toContain(response.status());
          else {
            expect(response.status(), where).toBe(200);
            expect(body.includes(marker), `${where} shows "${marker}"`).toBe(true);
          }
        } else if (outcome === "deny") {
          expect(response.status(), where).toBe(403);
          expect(body.includes(marker), `${where} shows "${marker}"`).toBe(false);
        } else {
          expectRedirectToSignIn(response);
        }
        if (outcome === "allow") continue;
        for (const bypass of BYPASSES) {
          if (bypass.path && url === "/") continue;
          const target = bypass.path ? bypass.path(url) : url;
          // Absolute, so that "//incidents" stays a path and is not read as a host.
          const attempt = await page.request.get(`${baseURL}${target}`, { headers: bypass.headers, maxRedirects: 0 });
          const text = await attempt.text();
          const label = `${who} GET ${target} (${bypass.name}) -> ${attempt.status()}`;
          expect(attempt.status(), label).toBeLessThan(500);
          expect(attempt.status() === 200 && text.includes(marker), label).toBe(false);
        }
      }
    });

    test("route handlers", async ({ page, baseURL }) => {
      for (const entry of ROUTES) {
        const url = `${urlPathOf(entry.file)}${entry.query ?? ""}`;
        const outcome: Outcome = entry.expect[who];
        const response = await page.request.fetch(url, {
          method: entry.method,
          data: entry.body,
          headers: entry.method === "GET" ? undefined : { Origin: baseURL! },
          maxRedirects: 0,
        });
        const where = `${who} ${entry.method} ${url} -> ${response.status()}`;
        expect(response.status(), where).toBeLessThan(500);
        if (outcome === "allow") expect([401, 403], where).not.toContain(response.status());
        else expect(response.status(), where).toBe(outcome === "deny" ? 403 : 401);
        if (outcome !== "allow" && entry.method === "GET") {
          const encoded = url.replace(/\/([a-z])(?=[^/]*$)/, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`);
          const attempt = await page.request.get(encoded, { maxRedirects: 0 });
          expect(attempt.status() === 200, `${who} GET ${encoded} (encoded) -> ${attempt.status()}`).toBe(false);
        }
      }
    });

    test("server actions", async ({ page, baseURL }) => {
      const ids = actionIds();
      for (const entry of ACTIONS) {
        const found = ids.get(`${entry.file}#${entry.name}`);
        expect(
          found,
          `${entry.name} is not in the build's action manifest (renamed, or used by no page?)`,
        ).toBeTruthy();
        const { id, pagePath } = found!;
        const outcome: Outcome = entry.expect[who];
        const call = (extra: Record<string, string> = {}) =>
          page.request.post(pagePath, {
            headers: { "Next-Action": id, Accept: "text/x-component", Origin: baseURL!, ...extra },
            multipart: HARMLESS_FORM,
            maxRedirects: 0,
          });
        const response = await call();
        const text = await response.text();
        const where = `${who} calls ${entry.name} -> ${response.status()}`;
        expect(response.status(), where).toBeLessThan(500);
        if (outcome === "allow") {
          expect(response.status(), where).toBe(200);
          expect(text.includes(DENIED_ACTION), where).toBe(false);
          expect(text.includes(SIGNED_OUT_ACTION), where).toBe(false);
        } else if (outcome === "deny") {
          expect(text.includes(DENIED_ACTION), where).toBe(true);
        } else if (response.status() === 200) {
          expect(text.includes(SIGNED_OUT_ACTION), where).toBe(true);
        } else {
          expectRedirectToSignIn(response);
        }
        if (outcome === "signin") {
          // With the header that got past Next's proxy, the action itself must still refuse.
          const bypassed = await call({ "x-middleware-subrequest": "proxy:proxy:proxy:proxy:proxy" });
          const bypassedText = await bypassed.text();
          if (bypassed.status() === 200)
            expect(bypassedText.includes(SIGNED_OUT_ACTION), `${where} (bypass)`).toBe(true);
          else expectRedirectToSignIn(bypassed);
        }
      }
    });
  });
}

// API tokens after they were made (TOKEN_RULES): a throwaway admin makes an
// admin-role token and a timeline token, is made a manager, then deactivated;
// the demo admin's own two tokens are ended by the e2e hook. Each state is
// checked over HTTP with the token alone, no cookies.
test.describe("authorisation matrix for API tokens after they were made", () => {
  test.use({ visitor: "admin" });

  test("role and timeline tokens: working, creator demoted, creator deactivated, expired", async ({
    page,
    browser,
    playwright,
    baseURL,
  }) => {
    test.setTimeout(240_000);

    async function makeTokens(as: Page, label: string): Promise<Record<TokenKind, string>> {
      await as.goto("/admin/api-tokens");
      const roleForm = as.getByRole("form", { name: "Create an API token" });
      await roleForm.getByLabel("Name (the system that will use it)").fill(`${label} role token`);
      await roleForm.getByLabel("Acts as").selectOption("admin");
      await roleForm.getByRole("button", { name: "Create token" }).click();
      const role = (await as.getByTestId("new-role-token").innerText()).trim();
      await as.goto(`/incidents/${DEMO_INCIDENT}/timeline`);
      const timelineForm = as.getByRole("form", { name: "Create an API token" });
      await timelineForm.getByLabel("Name (the system that will use it)").fill(`${label} timeline token`);
      await timelineForm.getByRole("button", { name: "Create token" }).click();
      const timeline = (await as.getByTestId("new-api-token").innerText()).trim();
      expect(role).toMatch(/^bd_/);
      expect(timeline).toMatch(/^bd_/);
      return { role, timeline };
    }

    async function check(tokens: Record<TokenKind, string>, state: TokenState) {
      for (const rule of TOKEN_RULES) {
        const api = await playwright.request.newContext({
          baseURL,
          extraHTTPHeaders: { Authorization: `Bearer ${tokens[rule.kind]}` },
        });
        const url = `${urlPathOf(rule.file)}${rule.query ?? ""}`;
        const response = await api.fetch(url, {
          method: rule.method,
          data: rule.body,
          headers: rule.method === "GET" ? undefined : { Origin: baseURL! },
          maxRedirects: 0,
        });
        const text = await response.text();
        const outcome: Outcome = rule.expect[state];
        const where = `${rule.kind} token, ${state}: ${rule.method} ${url} -> ${response.status()} ${text.slice(0, 200)}`;
        expect(response.status(), where).toBeLessThan(500);
        if (outcome === "allow") expect([401, 403, 429], where).not.toContain(response.status());
        else expect(response.status(), where).toBe(outcome === "deny" ? 403 : 401);
        if (outcome === "allow" && rule.maskedWhenDemoted) {
          const emails = (JSON.parse(text) as { accounts: { email: string }[] }).accounts.map((a) => a.email);
          expect(emails.length, where).toBeGreaterThan(0);
          for (const email of emails) expect(email.includes("***"), `${where}: ${email}`).toBe(state === "creator_demoted");
        }
        await api.dispose();
      }
    }

    // A throwaway admin of its own (demoting or deactivating a shared demo user would break other specs).
    const creator: ThrowawayStaff = {
      email: `token-creator-${Date.now()}-${Math.floor(Math.random() * 1e6)}@breachdesk.test`,
      password: "a-long-enough-password",
    };
    await page.goto("/admin/staff");
    await page.getByLabel("Name").fill("Token creator");
    await page.getByLabel("Work e-mail").fill(creator.email);
    await page.getByLabel("Role", { exact: true }).selectOption("admin");
    await page.getByLabel("Initial password").fill(creator.password);
    await page.getByRole("button", { name: "Add staff user" }).click();
    await expect(page.getByText(`Created ${creator.email}.`)).toBeVisible();
    const context = await signedInContext(browser, creator);
    const theirs = await makeTokens(await context.newPage(), "Creator");
    await context.close();
    const mine = await makeTokens(page, "Admin");

    await check(theirs, "working");
    await check(mine, "working");

    // Made a manager: the role form says, before saving, how many of their tokens this narrows.
    await page.goto("/admin/staff");
    const row = page.getByRole("row").filter({ hasText: creator.email });
    await row.getByLabel(`Role of ${creator.email}`).selectOption("manager");
    await expect(row.getByTestId("role-change-narrows-tokens")).toHaveText("Narrows 2 of their 2 API tokens");
    await row.getByRole("button", { name: "Save" }).click();
    await expect(row.getByText("2 API tokens now act within the new role.")).toBeVisible();
    await check(theirs, "creator_demoted");

    await row.getByRole("button", { name: `Deactivate ${creator.email}` }).click();
    await expect(row.getByText("2 API tokens revoked.")).toBeVisible();
    await check(theirs, "creator_deactivated");

    for (const token of Object.values(mine)) {
      const expired = await page.request.post("/api/e2e/expire-api-token", {
        data: { token },
        headers: { Origin: baseURL! },
      });
      expect(expired.status(), await expired.text()).toBe(200);
    }
    await check(mine, "expired");
  });
});
