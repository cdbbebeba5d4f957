import { expect, test, type Page } from "@playwright/test";
import { SCREENSHOTS, signIn, storageState } from "./fixtures";
import { createThrowawayStaff } from "./staff-helpers";
import { enrolTotp, signOutNow, totpCodeFor } from "./totp";

// Issue 13: admins and anyone who can approve bulk actions give a TOTP code
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
  await giveCode(page, "000000");
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
