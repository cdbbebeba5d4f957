import { expect, type Browser, type BrowserContext } from "@playwright/test";
import { signIn, storageState, type DemoRole } from "./fixtures";
import { enrolTotp } from "./totp";

/** `totpSecret`: set once the user has set up their authenticator app (admins and approvers do at first sign-in). */
export type ThrowawayStaff = { email: string; password: string; totpSecret?: string };

/**
 * A staff user of its own for a test that ends sessions: signing a shared demo
 * user out would end the stored sessions other specs run on.
 */
export async function createThrowawayStaff(browser: Browser, role: DemoRole, label: string): Promise<ThrowawayStaff> {
  const email = `${label}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@breachdesk.test`;
  const password = "a-long-enough-password";
  const admin = await browser.newContext({ storageState: storageState("admin") });
  const page = await admin.newPage();
  await page.goto("/admin/staff");
  await page.getByLabel("Name").fill(label);
  await page.getByLabel("Work e-mail").fill(email);
  await page.getByLabel("Role", { exact: true }).selectOption(role);
  await page.getByLabel("Initial password").fill(password);
  await page.getByRole("button", { name: "Add staff user" }).click();
  await expect(page.getByText(`Created ${email}.`)).toBeVisible();
  await admin.close();
  return { email, password };
}

/** A new browser context signed in as the user. */
export async function signedInContext(browser: Browser, user: ThrowawayStaff): Promise<BrowserContext> {
  // Signed out to begin with, whatever the describe block's storageState (which
  // Playwright applies to browser.newContext() too).
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signIn(page, user.email, user.password, user.totpSecret);
  // An admin or approver signing in for the first time sets up their app.
  if (!user.totpSecret) {
    const enrolment = page.getByRole("heading", { name: "Set up your authenticator app" });
    await expect(enrolment.or(page.getByTestId("current-role"))).toBeVisible();
    if (await enrolment.isVisible()) user.totpSecret = (await enrolTotp(page)).secret;
  }
  await expect(page.getByTestId("current-role")).toBeVisible();
  await page.close();
  return context;
}

/** Runs one admin action on the staff page, on the user's row. */
export async function adminOnStaffRow(
  browser: Browser,
  email: string,
  button: string,
  expected: string,
): Promise<void> {
  const admin = await browser.newContext({ storageState: storageState("admin") });
  const page = await admin.newPage();
  await page.goto("/admin/staff");
  const row = page.getByRole("row").filter({ hasText: email });
  await row.getByRole("button", { name: button }).click();
  await expect(row.getByText(expected)).toBeVisible();
  await admin.close();
}
