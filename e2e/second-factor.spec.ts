import { expect, test, type Browser, type Page } from "@playwright/test";
import { DEMO_INCIDENT, SCREENSHOTS, signIn, storageState, withPreviewDigest } from "./fixtures";
import { createThrowawayStaff, signedInContext, type ThrowawayStaff } from "./staff-helpers";
import { ageSecondFactor, enrolTotp, signOutNow, totpCodeFor, wrongTotpCode } from "./totp";

// Admins and anyone who can approve bulk actions give a TOTP code
// (RFC 6238) after their password. The first sign-in sets up the app (QR code
// or key, confirmed by a code; recovery codes shown once).

test.use({ storageState: { cookies: [], origins: [] } });

const REFUSED = "That code is not right, or it was already used.";

async function passwordStep(page: Page, email: string, password: string) {
  await signIn(page, email, password);
  await expect(page.getByRole("heading", { name: "Enter your code" })).toBeVisible();
}

async function giveCode(page: Page, code: string) {
  await page.getByLabel("Authentication code").fill(code);
  await page.getByRole("button", { name: "Verify" }).click();
}

test("an approver sets up the app at first sign-in; codes, wrong and reused codes, recovery codes once", async ({
  page,
  browser,
}) => {
  // Six sign-ins in one journey.
  test.slow();
  const user = await createThrowawayStaff(browser, "security_analyst", "totp");
  await signIn(page, user.email, user.password);
  // Not signed in yet: every page sends them back to the second step.
  await expect(page).toHaveURL(/\/login\/second-factor/);
  await expect(page.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
  await expect(page.getByRole("img", { name: "QR code to scan with your authenticator app" })).toBeVisible();
  expect((await page.request.get("/api/v1/incidents")).status()).toBe(401);
  await page.screenshot({ path: `${SCREENSHOTS}/totp-enrolment.png`, fullPage: true });
  await page.getByLabel("Code from the app").fill("000000");
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "That code is not right" })).toBeVisible();
  const { secret, recoveryCodes } = await enrolTotp(page);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  await signOutNow(page);

  // A wrong code is refused; the next time step's code signs in.
  await passwordStep(page, user.email, user.password);
  await giveCode(page, wrongTotpCode(secret));
  await expect(page.getByText(REFUSED)).toBeVisible();
  expect((await page.request.get("/api/v1/incidents")).status()).toBe(401);
  const code = totpCodeFor(secret, 1);
  await giveCode(page, code);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  await signOutNow(page);

  // The same code again (a replayed or shoulder-surfed code): refused.
  await passwordStep(page, user.email, user.password);
  await giveCode(page, code);
  await expect(page.getByText(REFUSED)).toBeVisible();

  // A recovery code works, once.
  await giveCode(page, recoveryCodes[0]!);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  await signOutNow(page);
  await passwordStep(page, user.email, user.password);
  await giveCode(page, recoveryCodes[0]!);
  await expect(page.getByText(REFUSED)).toBeVisible();
  await giveCode(page, recoveryCodes[1]!);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
});

test("a pending key is this sign-in's own: another sign-in gets a new one and voids it; the next sign-in is told", async ({
  page,
  browser,
}) => {
  // Four sign-ins: the person's, a second one (someone with only the password), and two later.
  test.slow();
  const user = await createThrowawayStaff(browser, "security_analyst", "totp-bind");
  const keyOf = async (p: Page) => (await p.getByTestId("totp-secret").innerText()).replace(/\s/g, "");
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
  const first = await keyOf(page);
  // Reloading shows this sign-in the same key.
  await page.reload();
  expect(await keyOf(page)).toBe(first);

  const other = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const stranger = await other.newPage();
  await signIn(stranger, user.email, user.password);
  await expect(stranger.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
  const second = await keyOf(stranger);
  expect(second).not.toBe(first);

  // The first key is void now: confirming it fails, and nothing is turned on.
  await page.getByLabel("Code from the app").fill(totpCodeFor(first));
  await page.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Start the set-up again" })).toBeVisible();
  // The person starts again (a new key, the stranger's void in turn) and finishes.
  await page.reload();
  const { secret } = await enrolTotp(page);
  expect([first, second]).not.toContain(secret);
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  await expect(page.getByTestId("totp-enrolled-notice")).toHaveCount(0);
  await stranger.getByLabel("Code from the app").fill(totpCodeFor(second));
  await stranger.getByRole("button", { name: "Confirm and turn on" }).click();
  await expect(stranger.getByRole("alert").filter({ hasText: /already set up|Start the set-up again/ })).toBeVisible();
  expect((await stranger.request.get("/api/v1/incidents")).status()).toBe(401);
  await other.close();
  await signOutNow(page);

  // The next sign-in says an authenticator was set up, on the code page and once signed in.
  const notice =
    /^A new authenticator was set up for your account on \d{4}-\d\d-\d\d \d\d:\d\d UTC; if this was not you, tell an admin\.$/;
  await passwordStep(page, user.email, user.password);
  await expect(page.getByTestId("totp-enrolled-notice")).toHaveText(notice);
  await giveCode(page, totpCodeFor(secret, 1));
  await expect(page.getByTestId("current-role")).toHaveText("Security analyst");
  await expect(page.getByTestId("totp-enrolled-notice")).toHaveText(notice);
  await page.screenshot({ path: `${SCREENSHOTS}/totp-enrolled-notice.png`, fullPage: false });
  await signOutNow(page);
  // Told once: the sign-in after that says nothing.
  await passwordStep(page, user.email, user.password);
  await expect(page.getByTestId("totp-enrolled-notice")).toHaveCount(0);
});

test("an admin resets a staff member's second factor: their sessions end and they set it up again", async ({
  page,
  browser,
}) => {
  const user = await createThrowawayStaff(browser, "admin", "reset-2fa");
  await signIn(page, user.email, user.password);
  await enrolTotp(page);
  expect((await page.request.get("/api/v1/incidents")).status()).toBe(200);

  const admin = await browser.newContext({ storageState: storageState("admin") });
  const staffPage = await admin.newPage();
  await staffPage.goto("/admin/staff");
  const row = staffPage.getByRole("row").filter({ hasText: user.email });
  await expect(row.getByText("Authenticator app")).toBeVisible();
  await row.getByRole("button", { name: `Reset the second factor of ${user.email}` }).click();
  await expect(
    row.getByText(`The second factor of ${user.email} was reset; they set it up again at their next sign-in.`),
  ).toBeVisible();
  await admin.close();

  expect((await page.request.get("/api/v1/incidents")).status()).toBe(401);
  await signIn(page, user.email, user.password);
  await expect(page.getByRole("heading", { name: "Set up your authenticator app" })).toBeVisible();
});

// Step-up: approving needs a second factor given within the
// window (300 s). The approver's sign-in is made old through the e2e hook
// (POST /api/e2e/age-second-factor), not by waiting. Each test has an
// approver of its own, so no other test spends their codes: enrolment spends
// this time step's, and the next step's (accepted for clock drift) is always
// later than that, so the right code is never refused as reused.

const INCIDENT = `/incidents/${DEMO_INCIDENT}`;
const STEP_UP_ASKED = "Confirm it is you: enter the code from your authenticator app (or a recovery code).";
const CODE_FIELD = "Authentication code (your authenticator app, or a recovery code)";

/** A throwaway approver, signed in (their app set up), whose second factor is an hour old. */
async function staleApprover(browser: Browser, label: string): Promise<{ approver: ThrowawayStaff; page: Page }> {
  const approver = await createThrowawayStaff(browser, "security_analyst", label);
  const context = await signedInContext(browser, approver);
  const page = await context.newPage();
  await ageSecondFactor(page, 3600);
  return { approver, page };
}

/** Opens the approve panel, asks to approve, is asked for a code; a wrong one is refused; the right one approves. */
async function approveWithStepUp(
  page: Page,
  approver: ThrowawayStaff,
  confirmName: string | RegExp,
  screenshot: string,
) {
  await page.getByRole("button", { name: "Approve…" }).click();
  const confirm = page.getByRole("button", { name: confirmName });
  await confirm.click();
  const asked = page.getByRole("status").filter({ hasText: STEP_UP_ASKED });
  await expect(asked).toBeVisible();
  const code = page.getByLabel(CODE_FIELD);
  await expect(code).toBeFocused();
  // No code, no approval: the button waits for one.
  await expect(confirm).toBeDisabled();
  await asked.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SCREENSHOTS}/${screenshot}.png`, fullPage: false });

  await code.fill(wrongTotpCode(approver.totpSecret!));
  await confirm.click();
  await expect(page.getByRole("status").filter({ hasText: REFUSED })).toBeVisible();
  // Still asking, with the field emptied for the next try.
  await expect(code).toHaveValue("");

  await code.fill(totpCodeFor(approver.totpSecret!, 1));
  await confirm.click();
}

test.describe("step-up by TOTP code before approving", () => {
  test("a bulk action: an approver whose second factor is old is asked for a code; a wrong one is refused, the right one approves", async ({
    browser,
    baseURL,
  }) => {
    test.slow();
    // The demo analyst requests a reset of accounts no other spec acts on (above the four-eyes threshold).
    const requester = await browser.newContext({ storageState: storageState("security_analyst") });
    const created = await requester.request.post(`/api/v1/incidents/${DEMO_INCIDENT}/bulk-actions`, {
      headers: { Origin: baseURL! },
      data: await withPreviewDigest(
        requester.request,
        {
          kind: "reset",
          filter: "tier=low&balance=medium&action=none&matched=yes",
          reason: "Step-up test: low risk, medium balances",
        },
        { Origin: baseURL! },
      ),
    });
    expect(created.status()).toBe(201);
    const { bulkAction } = (await created.json()) as { bulkAction: { id: string; status: string } };
    expect(bulkAction.status).toBe("pending_approval");
    await requester.close();

    const { approver, page } = await staleApprover(browser, "step-up-bulk");
    // The REST API refuses the same way: confirm in the app first.
    const probe = await page.request.post(`/api/v1/bulk-actions/${bulkAction.id}/approve`, {
      headers: { Origin: baseURL! },
      data: {},
    });
    expect(probe.status()).toBe(403);
    expect(((await probe.json()) as { error: { code: string } }).error.code).toBe("STEP_UP_REQUIRED");

    await page.goto(`${INCIDENT}/bulk-actions/${bulkAction.id}`);
    await expect(page.getByTestId("bulk-status")).toHaveText("Awaiting approval");
    await approveWithStepUp(page, approver, /^Approve password reset of [\d,]+ accounts$/, "step-up-bulk-approve");
    await expect(page.getByTestId("bulk-status")).toHaveText(/^(Running|Completed)$/);
    await expect(page.getByTestId("bulk-details")).toContainText(/Approved .* by step-up-bulk/);
    await page.context().close();
  });

  test("a customer notice: an approver whose second factor is old is asked for a code; a wrong one is refused, the right one approves", async ({
    browser,
    baseURL,
  }) => {
    test.slow();
    // The demo analyst requests the saved notice for one leaked message's customers (not the ones notices.spec sends to).
    const requester = await browser.newContext({ storageState: storageState("security_analyst") });
    const compose = await requester.newPage();
    // The audience as the Exposed accounts view's query ("Notify these customers").
    await compose.goto(`${INCIDENT}/notices/compose?audience=${encodeURIComponent("group=17&matched=yes")}`);
    // The dry run is the composer's own handler: a click before React has hydrated the form would submit it natively.
    await compose.waitForLoadState("networkidle");
    await compose.getByRole("button", { name: "Dry run" }).click();
    await expect(compose.getByTestId("audience-preview")).toContainText("a second person must approve");
    await compose.getByRole("button", { name: /^Request notice v\d+ to [\d,]+ customers$/ }).click();
    await compose.waitForURL(new RegExp(`${INCIDENT}/notices/[0-9a-f-]{36}$`));
    const campaignUrl = compose.url();
    await expect(compose.getByText("Awaiting approval by another person")).toBeVisible();
    const label = (await compose.getByRole("heading", { name: /^Notice to [\d,]+ customers/ }).innerText()).match(
      /[\d,]+/,
    )![0];
    await requester.close();

    const { approver, page } = await staleApprover(browser, "step-up-notice");
    // The REST API refuses the same way, and nothing is approved.
    const approveUrl = `/api/v1${new URL(campaignUrl).pathname}/approve`;
    const probe = await page.request.post(approveUrl, { headers: { Origin: baseURL! }, data: {} });
    expect(probe.status()).toBe(403);
    expect(((await probe.json()) as { error: { code: string } }).error.code).toBe("STEP_UP_REQUIRED");

    await page.goto(campaignUrl);
    await expect(page.getByText(/^Needed from someone other than the requester/)).toBeVisible();
    await approveWithStepUp(page, approver, `Approve sending to ${label} customers`, "step-up-notice-approve");
    await expect(page.getByText(/^Approved .* by step-up-notice/)).toBeVisible();
    await expect(page.getByRole("progressbar", { name: "Notices sent" })).toBeVisible();
    await page.context().close();
  });
});
