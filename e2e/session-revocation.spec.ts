import { expect, test } from "@playwright/test";
import { storageState } from "./fixtures";
import { adminOnStaffRow, createThrowawayStaff, signedInContext } from "./staff-helpers";

// A session ends at once, copied
// cookies included, on sign-out, an admin's "sign out everywhere", and
// deactivation; /api/auth/session reports the role as it is now.
test("signing out ends the session, and a copy of its cookie stops working", async ({ browser }) => {
  const user = await createThrowawayStaff(browser, "manager", "sign-out");
  const context = await signedInContext(browser, user);
  const copied = await context.cookies();
  const page = await context.newPage();
  await page.goto("/incidents");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/incidents");
  await expect(page).toHaveURL(/\/login/);

  const thief = await browser.newContext();
  await thief.addCookies(copied);
  expect((await thief.request.get("/api/v1/incidents")).status()).toBe(401);
  expect(await (await thief.request.get("/api/auth/session")).json()).toEqual({});
  const stolen = await thief.newPage();
  await stolen.goto("/incidents");
  await expect(stolen).toHaveURL(/\/login/);
  await thief.close();
  await context.close();
});

test("an admin's sign out everywhere ends the user's sessions at once", async ({ browser }) => {
  const user = await createThrowawayStaff(browser, "support_agent", "everywhere");
  const context = await signedInContext(browser, user);
  expect((await context.request.get("/api/v1/incidents")).status()).toBe(200);
  await adminOnStaffRow(
    browser,
    user.email,
    `Sign out ${user.email} everywhere`,
    `Every session of ${user.email} has ended.`,
  );
  expect((await context.request.get("/api/v1/incidents")).status()).toBe(401);
  await context.close();
});

test("deactivation ends the user's sessions at once", async ({ browser }) => {
  const user = await createThrowawayStaff(browser, "support_agent", "deactivated");
  const context = await signedInContext(browser, user);
  await adminOnStaffRow(browser, user.email, `Deactivate ${user.email}`, `${user.email} is deactivated.`);
  expect((await context.request.get("/api/v1/incidents")).status()).toBe(401);
  await context.close();
});

test("an admin setting a new password ends the user's sessions at once", async ({ browser }) => {
  const user = await createThrowawayStaff(browser, "support_agent", "new-password");
  const context = await signedInContext(browser, user);
  const admin = await browser.newContext({ storageState: storageState("admin") });
  const page = await admin.newPage();
  await page.goto("/admin/staff");
  const row = page.getByRole("row").filter({ hasText: user.email });
  await row.getByText("Set password").click();
  await row.getByLabel(`New password for ${user.email}`).fill("another-long-passphrase");
  await row.getByRole("button", { name: "Set", exact: true }).click();
  await expect(row.getByText("Password set; their sessions have ended.")).toBeVisible();
  await admin.close();
  expect((await context.request.get("/api/v1/incidents")).status()).toBe(401);
  await context.close();
});

test("/api/auth/session reports the role as it is now, not as it was at sign-in", async ({ browser }) => {
  const user = await createThrowawayStaff(browser, "support_agent", "role-change");
  const context = await signedInContext(browser, user);
  expect((await (await context.request.get("/api/auth/session")).json()).user.role).toBe("support_agent");

  const admin = await browser.newContext({ storageState: storageState("admin") });
  const page = await admin.newPage();
  await page.goto("/admin/staff");
  const row = page.getByRole("row").filter({ hasText: user.email });
  await row.getByLabel(`Role of ${user.email}`).selectOption("manager");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByText(`${user.email} is now Manager.`)).toBeVisible();
  await admin.close();

  expect((await (await context.request.get("/api/auth/session")).json()).user.role).toBe("manager");
  await context.close();
});
