import { expect, test, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, signIn } from "./fixtures";
import { createThrowawayStaff } from "./staff-helpers";
import { signOutNow } from "./totp";

// Staff sign in through the company's identity provider. Here that
// is tools/oidc-test-idp (the oidc-provider package) on its own port, and
// every step is a real browser redirect: app -> provider's login -> app's
// callback (state, nonce and PKCE checked) -> signed in, with the role the
// groups claim maps to (BREACHDESK_OIDC_ROLE_MAP in playwright.config.ts).

const IDP = `http://127.0.0.1:${process.env.BREACHDESK_E2E_IDP_PORT}`;
// server/seed/demo-remediation.ts: the demo analyst's request awaiting approval.
const PENDING_ID = "00000000-0000-4000-8000-0000000000b1";

test.use({ storageState: { cookies: [], origins: [] } });

/** A user of the identity provider of this test's own, in these groups. */
async function idpUser(page: Page, label: string, body: { groups: string[]; loginAgeSeconds?: number }) {
  const id = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;
  const response = await page.request.put(`${IDP}/_test/users/${id}`, {
    data: { email: `${id}@corp.test`, name: `SSO ${label}`, ...body },
  });
  expect(response.ok()).toBe(true);
  return { id, email: `${id}@corp.test` };
}

async function setGroups(page: Page, id: string, groups: string[]) {
  expect((await page.request.put(`${IDP}/_test/users/${id}`, { data: { groups } })).ok()).toBe(true);
}

/**
 * From the app's sign-in page through the provider and back: its login form
 * the first time; later, the provider's own session signs the person in
 * without asking (as a real provider does), straight back to the app.
 */
async function signInWithSso(page: Page, login: string) {
  await page.goto("/login");
  await page.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await page.waitForURL(
    (url) =>
      url.href.startsWith(`${IDP}/interaction/`) ||
      (url.origin !== IDP &&
        !url.pathname.startsWith("/api/") &&
        (url.pathname !== "/login" || url.searchParams.has("error"))),
  );
  if (page.url().startsWith(`${IDP}/interaction/`)) await loginAtProvider(page, login);
}

async function loginAtProvider(page: Page, login: string) {
  await page.waitForURL(`${IDP}/interaction/**`);
  await page.getByLabel("User name").fill(login);
  await page.getByRole("button", { name: "Sign in at the identity provider" }).click();
}

test("the sign-in page offers single sign-on beside the password form", async ({ page }) => {
  await page.goto("/login");
  await expect(page.getByRole("button", { name: "Sign in with Test IdP" })).toBeVisible();
  await expect(page.getByLabel("Work e-mail")).toBeVisible();
  await page.screenshot({ path: `${SCREENSHOTS}/sign-in-with-sso.png`, fullPage: true });
});

test("signs in through the identity provider's redirects, with the role its groups map to, as a new staff record", async ({
  page,
}) => {
  const user = await idpUser(page, "analyst", { groups: ["everyone", "secops"] });
  const callbacks: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/api/auth/callback/oidc")) callbacks.push(request.url());
  });
  await signInWithSso(page, user.id);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  await expect(page).toHaveURL(new RegExp(`/incidents(/${DEMO_INCIDENT})?$`));
  // The callback carried a code and the state the app made (and, per RFC 9207, the issuer).
  expect(callbacks).toHaveLength(1);
  const callback = new URL(callbacks[0]!);
  expect(callback.searchParams.get("code")).toBeTruthy();
  expect(callback.searchParams.get("state")).toBeTruthy();
  // No second factor asked: the identity provider is the one that authenticates.
  const session = await (await page.request.get("/api/auth/session")).json();
  expect(session.user).toMatchObject({ email: user.email, role: "security_analyst" });
});

test("a user in no mapped group is refused with a clear message, and gets no session", async ({ page }) => {
  const user = await idpUser(page, "contractor", { groups: ["contractors", "everyone"] });
  await signInWithSso(page, user.id);
  await expect(page).toHaveURL(/\/login\?(.*&)?error=SsoNoRole/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /Your single sign-on account is in no group that has a Breachdesk role/,
  );
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/login/);
});

test("an existing password user is linked only when the provider verifies an address of a trusted domain", async ({
  page,
  browser,
}) => {
  // A password user at breachdesk.test (BREACHDESK_OIDC_TRUSTED_EMAIL_DOMAINS in playwright.config.ts).
  const staff = await createThrowawayStaff(browser, "support_agent", "sso-link");
  const id = staff.email.split("@")[0]!;
  const setIdpUser = async (emailVerified: boolean | null) =>
    expect(
      (
        await page.request.put(`${IDP}/_test/users/${id}`, {
          data: { email: staff.email, name: "Someone Else", groups: ["secops-admins"], emailVerified },
        })
      ).ok(),
    ).toBe(true);

  // No email_verified claim (as Entra ID sends): refused, nothing taken over.
  await setIdpUser(null);
  await signInWithSso(page, id);
  await expect(page).toHaveURL(/\/login\?(.*&)?error=SsoLinkRefused/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(
    /already uses your e-mail address, and single sign-on does not take over an existing account/,
  );
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});
  // The password still signs in, with the record's own role and name.
  await signIn(page, staff.email, staff.password);
  await expect(page.getByTestId("current-role")).toHaveText("Support agent");
  await signOutNow(page);

  // The provider says it verified the address, and it is the authority for the domain: linked.
  await setIdpUser(true);
  await signInWithSso(page, id);
  await expect(page.getByTestId("current-role")).toHaveText("Admin");
});

test("a changed group at the identity provider applies at the next sign-in", async ({ page }) => {
  const user = await idpUser(page, "mover", { groups: ["support"] });
  await signInWithSso(page, user.id);
  await expect(page.getByTestId("current-role")).toHaveText("Support agent");
  await signOutNow(page);

  await setGroups(page, user.id, ["leadership"]);
  await signInWithSso(page, user.id);
  await expect(page.getByTestId("current-role")).toHaveText("Manager");

  // Taken out of every mapped group: refused at the next sign-in.
  await signOutNow(page);
  await setGroups(page, user.id, ["alumni"]);
  await signInWithSso(page, user.id);
  await expect(page).toHaveURL(/\/login\?(.*&)?error=SsoNoRole/);
});

test("a replayed or forged callback is refused", async ({ page, browser, baseURL }) => {
  const user = await idpUser(page, "replay", { groups: ["support"] });
  let callback = "";
  page.on("request", (request) => {
    if (request.url().includes("/api/auth/callback/oidc")) callback = request.url();
  });
  await signInWithSso(page, user.id);
  await expect(page.getByTestId("current-role")).toHaveText("Support agent");
  expect(callback).not.toBe("");
  await signOutNow(page);

  // The same callback again, in the browser that made it: its state was spent.
  await page.goto(callback);
  await expect(page).toHaveURL(/\/login\?(.*&)?error=OAuthCallback/);
  await expect(page.getByRole("main").getByRole("alert")).toHaveText(/^Single sign-on failed/);
  expect(await (await page.request.get("/api/auth/session")).json()).toEqual({});

  // In another browser (an attacker holding the URL): no state, PKCE verifier or nonce to match.
  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const stranger = await other.newPage();
  await stranger.goto(callback);
  await expect(stranger).toHaveURL(/\/login\?(.*&)?error=OAuthCallback/);
  expect(await (await stranger.request.get("/api/auth/session")).json()).toEqual({});

  // A forged callback in a browser that did start a sign-in: the state does not match.
  await stranger.goto("/login");
  await stranger.getByRole("button", { name: "Sign in with Test IdP" }).click();
  await stranger.waitForURL(`${IDP}/interaction/**`);
  await stranger.goto(
    `${baseURL}/api/auth/callback/oidc?code=forged-code&state=forged-state&iss=${encodeURIComponent(IDP)}`,
  );
  await expect(stranger).toHaveURL(/\/login\?(.*&)?error=OAuthCallback/);
  expect(await (await stranger.request.get("/api/auth/session")).json()).toEqual({});
  await other.close();
});

test("step-up: an SSO sign-in from long ago must sign in again at the provider before approving", async ({
  page,
  baseURL,
}) => {
  // The provider reports that this person authenticated an hour ago (an old
  // session there): older than the step-up window.
  const user = await idpUser(page, "stale-approver", { groups: ["secops"], loginAgeSeconds: 3600 });
  await signInWithSso(page, user.id);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");

  // The API answers the same way as the page: no approval without a recent second factor.
  // (A bulk action that does not exist: past the step-up check, it is a plain 404, and nothing changes.)
  const probe = () =>
    page.request.post(`/api/v1/bulk-actions/00000000-0000-4000-8000-00000000dead/approve`, {
      headers: { Origin: baseURL!, "Content-Type": "application/json" },
      data: "{}",
    });
  const refused = await probe();
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.code).toBe("STEP_UP_REQUIRED");

  await page.goto(`/incidents/${DEMO_INCIDENT}/bulk-actions/${PENDING_ID}`);
  await page.getByRole("button", { name: "Approve…" }).click();
  await page.getByRole("button", { name: /^Approve password reset of/ }).click();
  await expect(page.getByText("Confirm it is you: sign in again with Test IdP, then approve.")).toBeVisible();
  await page.getByRole("button", { name: "Sign in again with Test IdP" }).click();
  // The provider is asked for a fresh authentication (prompt=login, max_age=0): its login form again.
  await loginAtProvider(page, user.id);
  await expect(page).toHaveURL(new RegExp(`/bulk-actions/${PENDING_ID}$`));
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  expect((await probe()).status()).toBe(404);
});
