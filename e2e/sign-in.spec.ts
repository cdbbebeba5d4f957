import { expect, test } from "@playwright/test";
import { DEMO_USERS, SCREENSHOTS, signIn } from "./fixtures";
import { enterTotpCode } from "./totp";

test.describe("signed out", () => {
  test("the sign-in page looks right", async ({ page }) => {
    await page.goto("/login");
    await expect(page.getByRole("heading", { name: "Sign in to Breachdesk" })).toBeVisible();
    await page.screenshot({ path: `${SCREENSHOTS}/sign-in.png`, fullPage: true });
  });

  test("a visit to a dashboard page redirects to sign-in and back after it", async ({ page }) => {
    await page.goto("/incidents");
    await expect(page).toHaveURL(/\/login\?callbackUrl=%2Fincidents$/);
    await page.getByLabel("Work e-mail").fill(DEMO_USERS.security_analyst.email);
    await page.getByLabel("Password").fill(DEMO_USERS.security_analyst.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // An analyst can approve bulk actions: their code comes second, and the way back survives it.
    await expect(page).toHaveURL(/\/login\/second-factor\?callbackUrl=%2Fincidents$/);
    await enterTotpCode(page, DEMO_USERS.security_analyst.totpSecret!);
    await expect(page).toHaveURL(/\/incidents$/);
    await expect(page.getByRole("heading", { name: "Incidents" })).toBeVisible();
  });

  test("a wrong password gets a clear error and no session", async ({ page }) => {
    await signIn(page, DEMO_USERS.support_agent.email, "not-the-password");
    await expect(page.getByRole("main").getByRole("alert")).toHaveText("Wrong e-mail address or password.");
    await expect(page).toHaveURL(/\/login/);
    await page.goto("/incidents");
    await expect(page).toHaveURL(/\/login/);
  });

  test("before its script runs, the sign-in form cannot send the password in a URL", async ({ page }) => {
    // The page as a browser has it before hydration: its HTML, no script.
    await page.route("**/_next/static/**/*.js", (route) => route.abort());
    await page.goto("/login");
    await page.getByLabel("Work e-mail").fill(DEMO_USERS.manager.email);
    await page.getByLabel("Password").fill(DEMO_USERS.manager.password);
    const button = page.getByRole("button", { name: "Sign in", exact: true });
    await expect(button).toBeDisabled();
    // Enter in the password field: a disabled default button stops implicit submission.
    await page.getByLabel("Password").press("Enter");
    await expect(page).toHaveURL(/\/login$/);
    // Even a submission forced past the button is a POST: nothing of the form reaches the URL.
    await Promise.all([page.waitForEvent("load"), page.locator("form").evaluate((form: HTMLFormElement) => form.submit())]);
    expect(page.url()).not.toContain("password");
    expect(page.url()).not.toContain(encodeURIComponent(DEMO_USERS.manager.email));
    await expect(page.getByRole("heading", { name: "Sign in to Breachdesk" })).toBeVisible();
  });

  test("the API refuses a request without a session", async ({ request }) => {
    const response = await request.get("/api/v1/incidents");
    expect(response.status()).toBe(401);
  });

  test("an open redirect through callbackUrl is refused", async ({ page }) => {
    await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2F");
    await page.getByLabel("Work e-mail").fill(DEMO_USERS.manager.email);
    await page.getByLabel("Password").fill(DEMO_USERS.manager.password);
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    // The manager lands on the incident list or the one open incident (other specs may open more).
    await expect(page).toHaveURL(/^http:\/\/localhost:\d+\/incidents(\/[\w-]+)?$/);
  });
});
